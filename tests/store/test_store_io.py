"""HTML pages and feeds to document fields (trafilatura, feedparser), on texts written here."""

from __future__ import annotations

import pytest

from pantau.errors import InputError
from pantau.io.feeds import parse_feed
from pantau.io.html import fragment_text, parse_html


def test_fragment_text_keeps_paragraphs_and_drops_markup() -> None:
    html = ("<p>Hujan deras <b>mengguyur</b> kota.</p><script>var x = 1;</script>"
            "<p>Air naik<br>setinggi lutut.</p>")
    assert fragment_text(html) == "Hujan deras mengguyur kota.\n\nAir naik\n\nsetinggi lutut."
    assert fragment_text("teks biasa ") == "teks biasa"


def test_page_without_metadata_has_no_date_and_keeps_its_text() -> None:
    page = ("<html><body><div><p>Warga bergotong royong membersihkan saluran air yang "
            "tersumbat sampah setelah hujan deras mengguyur kampung mereka semalaman.</p>"
            "<p>Kegiatan itu diikuti puluhan orang dari tiga rukun tetangga.</p></div>"
            "</body></html>")
    doc = parse_html(page, where="p.html")
    assert doc["published"] is None and doc["url"] is None
    assert doc["text"].endswith("dari tiga rukun tetangga.")


@pytest.mark.parametrize("page", ["", "   ", "<html><body><nav>Menu</nav></body></html>",
                                  "\x00\x01 not markup at all"])
def test_pages_without_article_text_are_input_errors(page: str) -> None:
    with pytest.raises(InputError):
        parse_html(page, where="bad.html")


def test_a_truncated_feed_keeps_its_readable_entries() -> None:
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Kabar</title>"
            "<item><title>Satu</title><link>https://kabar.example/1</link>"
            "<description>Berita pertama yang lengkap isinya.</description></item>"
            "<item><title>Dua</title><link>https://kabar.example/2</link><descr")
    items = list(parse_feed(feed, where="kabar.xml"))
    good = [i for i in items if isinstance(i, dict)]
    assert [d["title"] for d in good] == ["Satu"]
    assert all(isinstance(i, InputError) for i in items if not isinstance(i, dict))


def test_not_a_feed_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a readable RSS/Atom feed"):
        list(parse_feed(b"<html><body>nope</body></html>", where="x.xml"))
