"""Discord's documented limits, and the tighter limits the course format sets to stay inside them."""

# Discord (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
MESSAGE_CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_LABEL = 100
SELECT_VALUE = 100
CUSTOM_ID = 100
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100

# Course format: chosen so every item renders inside the limits above with room for chrome.
ID_MAX = 40  # ids travel inside custom_ids
TITLE_MAX = 200
SUMMARY_MAX = 400
SECTION_BODY_MAX = 2500  # one embed page
SECTIONS_MIN, SECTIONS_MAX = 3, 6
LIST_ITEMS_MAX = 10  # misconceptions, debates: embed fields on one page
PAGE_FIELDS_TOTAL = EMBED_TOTAL - 600  # their text together, leaving room for title and footer
PROMPT_MAX = 1000
EXPLANATION_MAX = EMBED_FIELD_VALUE
CHOICE_MAX = BUTTON_LABEL - 4  # "A · " prefix on the button
CHOICES_MIN, CHOICES_MAX = 2, 5
ORDER_ITEMS_MIN, ORDER_ITEMS_MAX = 3, 4  # one select per position + a submit row
ORDER_ITEM_MAX = SELECT_LABEL
QUOTE_MAX = 1500
CONTEXT_MAX = 300
SOURCE_ABOUT_MAX = 400  # what a source is and where it leans
SOURCE_CHROME = 80  # /sources' labels, separators and language name around a source's own texts in its field
ABOUT_SOURCES_MAX = 1500  # the course's word on its sources, at the top of /sources
NOTE_MAX = 300  # a correction of a source: a sentence or two, shown under the item it corrects
DEFINITION_MAX = EMBED_FIELD_VALUE
ANSWER_MAX = 100
NAME_MAX = 100
