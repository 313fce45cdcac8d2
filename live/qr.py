"""The join link as a QR code, drawn on the server as inline SVG (no outside service)."""

import segno


def svg(url: str) -> str:
    code = segno.make(url, error="m")
    # No XML declaration or fixed size: the page sizes it; the title names it for readers.
    return code.svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True)
