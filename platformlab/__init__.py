"""platformlab: models, data, figures, widgets and exercises for *Digital Platforms in China*.

Sub-modules
-----------
models      pure numpy functions, one package per chapter topic and one submodule per model
            family in it, every name re-exported by the package (no plotting, widgets or I/O)
data        load a table of ``data/`` by name, validated against ``data/datapackage.json``
plotting    the module's single seaborn theme and figure helpers
explore     ipywidgets explorers that wire sliders to a model function and redraw
exercises   what a student notebook imports: variants, answer boxes, instant feedback
assign      the instructor side: build student versions, grade a folder of submissions

Where each topic lives (chapter -> models -> explore -> exercise set -> claims key)
-----------------------------------------------------------------------------------
01-introduction       connectivity   connectivity   intro            introduction
02-matching-markets   matching       matching       matching         matching_markets
03-rural-logistics    logistics      logistics      logistics        rural_logistics
04-social-commerce    diffusion      diffusion      social_commerce  social_commerce
05-human-capital      human_capital  human_capital  human_capital    human_capital
06-data-protection    privacy        privacy        privacy          data_protection

(the claims key is the ``chapter`` column of ``data/source_post_claims.csv``; the same map, with
each model package's submodules, is in the README, and ``tests/test_project.py`` checks both
against the files). A newcomer reads this docstring first, then one topic package's
``__init__`` docstring (which submodule holds which model), then that submodule.
"""

__version__ = "0.1.0"
