#!/usr/bin/env python3
"""Reshapes a JSON Lines corpus (as ../shared/tools/make_corpus.py writes it) into long or
short documents or many files, for the memory and speed of corpora unlike news articles
(scripts/bench.sh, scripts/memory.sh).

usage: scripts/reshape_corpus.py IN.jsonl OUT.jsonl long  [--docs N] [--bytes B]
       scripts/reshape_corpus.py IN.jsonl OUT.jsonl short [--docs N]
       scripts/reshape_corpus.py IN.jsonl OUT_DIR   files [--docs N]

long:  N documents (default 700) of at least B bytes of UTF-8 text each (default 1,000,000):
       the texts of consecutive input records, in order, separated by a blank line.
short: N documents (default 100,000) of one paragraph each: the paragraphs of the input of
       40 characters or more, in order, cut at 300 characters.
files: the short documents as N .txt files (default 200,000), a title line then the text,
       1,000 to a folder: a corpus of many files.
Each document ends with its number, so that no two are identical. Deterministic.
"""
import argparse
import json
import os


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


def long_docs(texts, docs, size):
    parts, filled = [], 0
    for t in texts:
        parts.append(t)
        filled += len(t.encode("utf-8"))
        if filled >= size:
            yield "\n\n".join(parts)
            parts, filled = [], 0
            docs -= 1
            if docs == 0:
                return


def short_docs(texts, docs):
    for t in texts:
        for para in t.split("\n"):
            para = para.strip()
            if len(para) >= 40:
                yield para[:300]
                docs -= 1
                if docs == 0:
                    return


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("shape", choices=["long", "short", "files"])
    ap.add_argument("--docs", type=int)
    ap.add_argument("--bytes", type=int, default=1_000_000)
    args = ap.parse_args()
    texts = records(args.input)
    if args.shape == "files":
        for n, text in enumerate(short_docs(texts, args.docs or 200_000)):
            folder = os.path.join(args.output, f"{n // 1000:05d}")
            if n % 1000 == 0:
                os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{n:08d}.txt"), "w", encoding="utf-8") as out:
                out.write(f"وثيقة {n}\n{text} {n}\n")
        return
    if args.shape == "long":
        docs = long_docs(texts, args.docs or 700, args.bytes)
    else:
        docs = short_docs(texts, args.docs or 100_000)
    with open(args.output, "w", encoding="utf-8") as out:
        for n, text in enumerate(docs):
            doc = {"id": f"{args.shape}{n}", "text": f"{text}\n\nرقم {n}" if args.shape == "long" else f"{text} {n}"}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
