# A second edition made with the engine of the Stalinism edition: five telegrams that American
# officials in Moscow and Petrograd sent to the Department of State in January and February
# 1918, as printed in Foreign Relations of the United States, 1918, Russia, volume III
# (Washington, 1932), pp. 31-32 and 35-36. Build it from this folder with
#     sphinx-build -n -W . _build/html
# See README.md beside this file for the witness and how it was read.
extensions = ["myst_parser", "edition.sphinxext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
exclude_patterns = ["_build", "data", "README.md"]
nitpicky = True
# As in the essay's edition: MyST does not see the footnotes the {enote} role makes.
suppress_warnings = ["myst.footnote"]
myst_footnote_transition = False
project = "Five telegrams from Soviet Russia, 1918"
author = "The editors"
copyright = "2026, the editors; the telegrams are in the public domain"
version = release = "1.0"
language = "en"
edition_text_title = "Telegrams on the Soviet banking and loan decrees, January-February 1918"
edition_text_title_supplied = True
edition_text_author = "Maddin Summers and David R. Francis"
edition_text_description = (
    "five telegrams of American officials in Russia on the Soviet decrees on the banks and "
    "the state loans and on the Diplomatic Corps' protests against them, 1918"
)
edition_text_rights = (
    "A work of officers of the United States Government, printed by the Government Printing "
    "Office in 1932: in the public domain in the United States (17 U.S.C. 105)."
)
edition_witness_note = (
    "Documents 46-48, 52 and 53 of Foreign Relations of the United States, 1918, Russia, "
    "volume III (1932), pp. 31-32 and 35-36, read in the TEI transcription of the Office of "
    "the Historian."
)
