import io
import subprocess
import tempfile
from pathlib import Path

import pypdf
import zxingcpp
from PIL import Image


def pdf_text(pdf):
    """The reader and the text of every page, whitespace collapsed (lines wrap where names are long)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def qr_codes(pdf, dpi=150):
    """The texts of the QR codes on the PDF's first page, rendered with poppler like a phone sees the paper."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "certificate.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", "1", "-l", "1", source, Path(folder) / "page"],
            check=True,
            timeout=60,
        )
        image = Image.open(Path(folder) / "page.png")
        return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def embedded_fonts(reader):
    """``{font name: embedded?}`` of every font the pages use."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts", []):
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(
                descriptor is not None
                and any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                for descriptor in descriptors
            )
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def pdftotext(pdf, layout=True):
    """The text poppler's ``pdftotext`` reads from the PDF, whitespace collapsed."""
    options = ["-layout"] if layout else []
    result = subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return " ".join(result.stdout.decode().split())


def image_colours(reader):
    """The colour of the top-left pixel of each image on the first page (our test logos are plain)."""
    return [image.image.convert("RGB").getpixel((0, 0)) for image in reader.pages[0].images]
