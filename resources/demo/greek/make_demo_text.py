#!/usr/bin/env python3
"""Rebuilds the demo's English/Greek text from Debian's Greek message catalogues (standard library only).

Each catalogue pairs a program's English messages with their Greek translations. Messages are cleaned
(one line each, whitespace collapsed, short or markup-only ones dropped, duplicates removed) and split
deterministically by a hash of the English message: about 10% held out, the rest for training.

Usage: make_demo_text.py [LOCALE_DIR] (default /usr/share/locale); writes beside this script.
"""
import gettext
import hashlib
import os
import re
import sys

# Catalogue (domain) -> the Debian package that ships it; licences in README.md.
DOMAINS = ["bash", "dpkg", "apt", "diffutils", "gnupg2", "glib20", "coreutils", "tar", "sed", "wget",
           "findutils"]
HERE = os.path.dirname(os.path.abspath(__file__))


def clean(text):
    text = text.split("\x00")[0]  # the first plural form
    text = re.sub(r"\s+", " ", text.replace("\\n", " ")).strip()
    return text


def usable(english, greek):
    if len(english) < 24 or len(greek) < 24:
        return False
    words = re.findall(r"[A-Za-z]{2,}", english)
    if len(words) < 4:
        return False
    # Mostly letters, not option tables or format strings.
    letters = sum(c.isalpha() for c in greek)
    return letters >= 0.6 * len(greek.replace(" ", ""))


def main():
    locale_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/locale"
    seen = set()
    pairs = []
    for domain in DOMAINS:
        path = os.path.join(locale_dir, "el", "LC_MESSAGES", domain + ".mo")
        if not os.path.exists(path):
            sys.exit(f"{path}: not found (install the package that ships it)")
        with open(path, "rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        for key, value in sorted(catalog.items(), key=lambda kv: str(kv[0])):
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid or (isinstance(key, tuple) and key[1] != 0):
                continue
            english, greek = clean(msgid), clean(value)
            if english in seen or not usable(english, greek):
                continue
            seen.add(english)
            pairs.append((english, greek))
    held_out = lambda e: hashlib.sha256(e.encode()).digest()[0] < 26  # about 10%
    train = [p for p in pairs if not held_out(p[0])]
    test = [p for p in pairs if held_out(p[0])]
    # The source model's pre-training text is mostly English: every training message in English, and
    # the Greek of one in eight of them.
    files = {
        "english-train.txt": [e for e, _ in train],
        "greek-train.txt": [g for _, g in train],
        "greek-pretrain.txt": [g for i, (_, g) in enumerate(train) if i % 8 == 0],
        "english-heldout.txt": [e for e, _ in test],
        "greek-heldout.txt": [g for _, g in test],
    }
    for name, lines in files.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{name}: {len(lines)} lines, {sum(len(l) for l in lines)} characters")


if __name__ == "__main__":
    main()
