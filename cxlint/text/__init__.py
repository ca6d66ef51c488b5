"""Plain-language checks over the text of a rendered page: extraction, segmentation, readability and text rules."""
