"""The ingest stage: files, folders, JSON Lines and web pages in, `Article` records out.

Bad inputs come out as `Rejected` records beside the good ones, never as exceptions.
"""

from detente.ingest.dateline import split_dateline
from detente.ingest.readers import (
    INPUT_FORMATS,
    detect_format,
    iter_articles,
    read_html,
    read_html_string,
    read_jsonl,
    read_jsonl_lines,
    read_text,
    read_text_string,
)

__all__ = [
    "INPUT_FORMATS",
    "detect_format",
    "iter_articles",
    "read_html",
    "read_html_string",
    "read_jsonl",
    "read_jsonl_lines",
    "read_text",
    "read_text_string",
    "split_dateline",
]
