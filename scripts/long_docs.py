#!/usr/bin/env python3
"""Joins the records of a JSON Lines corpus (as ../shared/tools/make_corpus.py writes it) into
long documents, for the memory bound on corpora of long texts (scripts/bench.sh).

usage: scripts/long_docs.py IN.jsonl OUT.jsonl [--docs N] [--bytes B]

Writes N documents (default 700) of at least B bytes of UTF-8 text each (default 1,000,000):
the texts of consecutive input records, in order (starting over at the end), separated by a
blank line, each document ending with its number so that no two are identical. Deterministic.
"""
import argparse
import json


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--docs", type=int, default=700)
    ap.add_argument("--bytes", type=int, default=1_000_000)
    args = ap.parse_args()
    texts, total = [], 0
    with open(args.input, encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            total += len(texts[-1].encode("utf-8"))
            if total > args.docs * args.bytes:
                break  # enough text: no record is used twice
    with open(args.output, "w", encoding="utf-8") as out:
        i = 0
        for n in range(args.docs):
            parts, size = [], 0
            while size < args.bytes:
                t = texts[i % len(texts)]
                i += 1
                parts.append(t)
                size += len(t.encode("utf-8"))
            doc = {"id": f"long{n}", "text": "\n\n".join(parts) + f"\n\nرقم {n}"}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
