#!/usr/bin/env python3
"""ANERcorp test split, end to end through `khabar run`: CoNLL exact-span micro P/R/F1.

usage: scripts/eval_ner.py [--khabar target/release/khabar] [--shared ../shared] [--work /tmp/khabar-ner-eval]

Each test sentence is a line of tokens joined by single spaces; --sentences-per-doc N
consecutive lines make one JSON Lines document (default 1). khabar runs with the pipeline's defaults (everything on). Every entity mention is
traced back through the documents' offset map to the raw text, then to the tokens it covers
(a clitic-stripped span such as "قسد" in "لقسد" covers its whole token, as in ANERcorp, where
clitics stay attached). A predicted entity counts when its token span and type equal a gold
one (PERS is PER). Mentions labelled other than PER/ORG/LOC/MISC are ignored.
Reads ../shared in place; writes only under --work.
"""
import argparse
import bisect
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds

LABELS = ("PER", "ORG", "LOC", "MISC")


def read_conll(path):
    sentences, tokens, tags = [], [], []
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        line = line.strip()
        if not line:
            if tokens:
                sentences.append((tokens, tags))
                tokens, tags = [], []
            continue
        token, tag = line.rsplit(" ", 1)
        tokens.append(token)
        tags.append(tag.replace("PERS", "PER"))
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def gold_spans(tags):
    spans, start, label = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        if start is not None and not tag.startswith("I-" + label):
            spans.add((start, i - 1, label))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


def table(out, name):
    for cand in (Path(out) / f"{name}.parquet", Path(out) / name):
        if cand.exists():
            return ds.dataset(str(cand), format="parquet").to_table().to_pylist()
    sys.exit(f"no {name} table under {out}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--khabar", default="target/release/khabar")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--work", default="/tmp/khabar-ner-eval")
    ap.add_argument("--config", help="a pipeline.toml to run with (default: khabar's defaults)")
    ap.add_argument("--sentences-per-doc", type=int, default=1,
                    help="consecutive test sentences per document, one per line (ANERcorp has no document boundaries)")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sentences = read_conll(Path(args.shared) / "external/anercorp/ANERCorp_CamelLab_test.txt")
    # Token start offsets of each sentence in its document's raw text, and its document.
    offsets, doc_of_sentence = [], []
    n = max(1, args.sentences_per_doc)
    with open(work / "test.jsonl", "w", encoding="utf-8") as f:
        for d in range(0, len(sentences), n):
            lines, at = [], 0
            for i in range(d, min(d + n, len(sentences))):
                tokens = sentences[i][0]
                starts = []
                for t in tokens:
                    starts.append(at)
                    at += len(t) + 1
                offsets.append(starts)
                doc_of_sentence.append(d // n)
                lines.append(" ".join(tokens))
            f.write(json.dumps({"id": str(d // n), "text": "\n".join(lines)}, ensure_ascii=False) + "\n")
    out = work / "out"
    command = [args.khabar, "run", "--input", str(work / "test.jsonl"), "--output", str(out)]
    if args.config:
        command += ["--config", args.config]
    subprocess.run(command, check=True)

    docs = {d["doc_id"]: d for d in table(out, "documents")}
    by_doc = {}
    for m in table(out, "entities"):
        by_doc.setdefault(m["doc_id"], []).append(m)
    sentence_doc = {int(s["source_id"]): s["doc_id"] for s in table(out, "document_sources")}

    tp, fp, fn = Counter(), Counter(), Counter()
    for i, (tokens, tags) in enumerate(sentences):
        gold = gold_spans(tags)
        doc_id = sentence_doc.get(doc_of_sentence[i])
        predicted = set()
        if doc_id in docs:
            d = docs[doc_id]
            map_text, map_raw = d["offset_map_text"], d["offset_map_raw"]

            def raw(n):
                k = bisect.bisect_right(map_text, n) - 1
                return map_raw[k] + (n - map_text[k])

            starts = offsets[i]
            for m in by_doc.get(doc_id, []):
                if m["label"] not in LABELS:
                    continue
                r0, r1 = raw(m["char_start"]), raw(m["char_end"] - 1)
                end_of_sentence = starts[-1] + len(tokens[-1])
                if r0 < starts[0] or r0 >= end_of_sentence:
                    continue  # a mention of another sentence of the same document
                first = bisect.bisect_right(starts, r0) - 1
                last = bisect.bisect_right(starts, r1) - 1
                predicted.add((first, last, m["label"]))
        for label in LABELS:
            g = {s for s in gold if s[2] == label}
            p = {s for s in predicted if s[2] == label}
            tp[label] += len(g & p)
            fp[label] += len(p - g)
            fn[label] += len(g - p)

    def prf(t, p, n):
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + n) if t + n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    print("| type | P | R | F1 | gold |")
    print("|---|---|---|---|---|")
    for label in LABELS:
        p, r, f = prf(tp[label], fp[label], fn[label])
        print(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {tp[label] + fn[label]} |")
    p, r, f = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"| micro | {p:.3f} | {r:.3f} | {f:.3f} | {sum(tp.values()) + sum(fn.values())} |")
    print(f"ANERcorp test (CAMeL split), {len(sentences)} sentences, {n} per document: micro F1 {100 * f:.1f}")


if __name__ == "__main__":
    main()
