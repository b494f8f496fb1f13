"""platformlab: models, data, figures, widgets and exercises for *Digital Platforms in China*.

Sub-modules
-----------
models      pure numpy functions, one module per chapter topic (no plotting, widgets or I/O)
data        load a table of ``data/`` by name, validated against ``data/datapackage.json``
plotting    the module's single seaborn theme and figure helpers
explore     ipywidgets explorers that wire sliders to a model function and redraw
exercises   what a student notebook imports: variants, answer boxes, instant feedback
assign      the instructor side: build student versions, grade a folder of submissions
"""

__version__ = "0.1.0"
