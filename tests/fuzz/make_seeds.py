#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/ from data/ml-latest-small:
small files in each format's real layout (the 100K and 1M layouts rebuilt
from the same ratings and movies), and model and network files cut down from
the shipped ones (models/, tests/js/fixtures/). Run from anywhere; rewrites
only seed-*. Regression inputs (crash-*, named after what they found) are kept."""
import csv, io, json, os, pathlib, random, re, struct

root = pathlib.Path(__file__).resolve().parents[2]
corpus = root / "tests/fuzz/corpus"
data = root / "data/ml-latest-small"

ratings = list(csv.reader(io.open(data / "ratings.csv", encoding="utf-8", newline="")))[1:]
movies = list(csv.reader(io.open(data / "movies.csv", encoding="utf-8", newline="")))[1:]
genres_100k = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
               "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"]
some_ratings = ratings[:12] + ratings[230:236]          # users 1 and 2/3
some_movies = movies[:6] + [m for m in movies if '"' in m[1] or "é" in m[1] or "," in m[1]][:4] + movies[-2:]


def write(target, name, content):
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{name}").write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def whole(r):  # 100K/1M ratings are whole stars
    return str(max(1, min(5, round(float(r)))))


for f in (corpus).glob("*/seed-*"):
    f.unlink()

# MovieLens 100K: selector '0' u.data, '1' u.item (Latin-1), '2' u.user, '3' u.genre
write("ml100k", "u.data", "0" + "".join(f"{u}\t{m}\t{whole(r)}\t{t}\n" for u, m, r, t in some_ratings))
item = ""
for m in some_movies:
    flags = ["1" if g.replace("Children's", "Children") in m[2] else "0" for g in genres_100k]
    item += f"{m[0]}|{m[1]}|01-Jan-1995||http://us.imdb.com/M/title-exact?{m[0]}|" + "|".join(flags) + "\n"
item += "267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
write("ml100k", "u.item", b"1" + item.encode("latin-1", "replace"))
write("ml100k", "u.user", "2" + "1|24|M|technician|85711\n2|53|F|other|94043\n3|23|M|writer|32067\n")
write("ml100k", "u.genre", "3" + "".join(f"{g}|{i}\n" for i, g in enumerate(genres_100k)) + "\n")

# MovieLens 1M: '0' ratings.dat, '1' movies.dat (Latin-1), '2' users.dat
write("ml1m", "ratings.dat", "0" + "".join(f"{u}::{m}::{whole(r)}::{t}\n" for u, m, r, t in some_ratings))
write("ml1m", "movies.dat", b"1" + "".join(f"{m[0]}::{m[1]}::{m[2]}\n" for m in some_movies).encode("latin-1", "replace"))
write("ml1m", "users.dat", "2" + "1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n")

# ml-latest: '0' ratings.csv, '1' movies.csv (CRLF variants as in some copies)
head_r = "userId,movieId,rating,timestamp\n" + "".join(",".join(r) + "\n" for r in some_ratings)
write("ml_latest", "ratings.csv", "0" + head_r)
write("ml_latest", "ratings-crlf.csv", "0" + head_r.replace("\n", "\r\n"))
out = io.StringIO()
w = csv.writer(out, lineterminator="\n")
w.writerow(["movieId", "title", "genres"])
w.writerows(some_movies)
write("ml_latest", "movies.csv", "1" + out.getvalue())
write("ml_latest", "movies-crlf-bom.csv", "1\ufeff" + out.getvalue().replace("\n", "\r\n"))
# '2' events.csv: watch events, without ratings or with some left empty
events = "userId,movieId,timestamp\n" + "".join(f"{u},{m},{t}\n" for u, m, _, t in some_ratings)
write("ml_latest", "events.csv", "2" + events)
write("ml_latest", "events-mixed.csv", "2userId,movieId,rating,timestamp\r\n" +
      "".join(f"{u},{m},{r if i % 3 else ''},{t}\r\n" for i, (u, m, r, t) in enumerate(some_ratings)))

# generic ratings CSV (no selector)
write("csv", "ratings.csv", head_r)
write("csv", "no-header-3-fields.csv", "".join(f"{u},{m},{r}\n" for u, m, r, _ in some_ratings))
write("csv", "tabs.tsv", "".join(f"{u}\t{m}\t{r}\t{t}\n" for u, m, r, t in some_ratings))
write("csv", "duplicates.csv", "user,item,rating,timestamp\n1,10,4,5\n1,10,3,7\n2,10,5,1\n1,10,2,7\n")

# numeric CSV (no selector)
write("numeric_csv", "header.csv", "x1,x2,x3,y\n0.5,-1.25,3e2,1\n2,0,-0.001,0.5\n")
write("numeric_csv", "plain.csv", "1,2\n3,4\n5,6\n")

# history: '0' movieId,rating lines; '1' a ratings.csv read with --user 1
write("history", "plain.csv", "0movieId,rating\n" + "".join(f"{m},{r}\n" for _, m, r, _ in some_ratings[:8]))
write("history", "ratings-user1.csv", "1" + head_r)
write("history", "watched.csv", "0movieId\n" + "".join(f"{m}\n" for _, m, _, _ in some_ratings[:5]) + "7,\n8,4.5\n")
write("history", "events-user1.csv", "1" + events)


# ---- safetensors: model and network files (no selector)
def st_read(path):
    b = (root / path).read_bytes()
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8:8 + n])
    meta = header.pop("__metadata__", {})
    tensors = {k: (v["dtype"], v["shape"], b[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]])
               for k, v in header.items()}
    return tensors, meta


def st_bytes(tensors, meta):
    header, data = {"__metadata__": meta} if meta else {}, b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # tensors 8-byte aligned, as the writer does
    return struct.pack("<Q", len(text)) + text + data


SIZE = {"F64": 8, "F32": 4, "F16": 2, "I32": 4, "I16": 2, "I8": 1, "U8": 1}


def rows(tensors, name, k):  # the first k rows of a tensor
    dtype, shape, raw = tensors[name]
    row = len(raw) // shape[0]
    tensors[name] = (dtype, [k] + shape[1:], raw[:k * row])


def cut_model(tensors, meta, k):
    """The model's first k movies: every per-movie tensor cut to k rows."""
    t = dict(tensors)
    n = t["catalogue.ids"][1][0]
    counts = list(t["catalogue.genre_counts"][2]) if t["catalogue.genre_counts"][0] == "U8" else None
    used = sum(counts[:k])
    for name, (dtype, shape, raw) in tensors.items():
        if shape and shape[0] == n and name not in ("catalogue.titles", "catalogue.genre_names"):
            rows(t, name, k)
    rows(t, "catalogue.genres", used) if t["catalogue.genres"][1][0] != k else None
    titles = t["catalogue.titles"][2].split(b"\0")[:k]
    t["catalogue.titles"] = ("U8", [sum(len(x) + 1 for x in titles)], b"".join(x + b"\0" for x in titles))
    if "seed.features.movie_genre_offsets" in t:
        offsets = struct.unpack(f"<{n + 1}i", t["seed.features.movie_genre_offsets"][2])[:k + 1]
        t["seed.features.movie_genre_offsets"] = ("I32", [k + 1], struct.pack(f"<{k + 1}i", *offsets))
        rows(t, "seed.features.movie_genres", offsets[-1])
    return t, dict(meta)


def cut_hidden(t, prefix, k):
    """The network under prefix with every hidden layer cut to its first k units."""
    dense = sorted(int(n[len(prefix):-len(".weight")]) for n in t if n.startswith(prefix) and n.endswith(".weight"))
    for j, i in enumerate(dense):
        dtype, (units, inputs), raw = t[f"{prefix}{i}.weight"]
        size = SIZE[dtype]
        keep_rows = units if j == len(dense) - 1 else min(k, units)
        keep_cols = inputs if j == 0 else min(k, inputs)
        w = b"".join(raw[(r * inputs) * size:(r * inputs + keep_cols) * size] for r in range(keep_rows))
        t[f"{prefix}{i}.weight"] = (dtype, [keep_rows, keep_cols], w)
        bdtype, _, braw = t[f"{prefix}{i}.bias"]
        t[f"{prefix}{i}.bias"] = (bdtype, [keep_rows], braw[:keep_rows * SIZE[bdtype]])


def to_f32(t, name):  # an F16 tensor, or an I8 table with its per-row scale, as F32
    dtype, shape, raw = t[name]
    if dtype == "F16":
        values = struct.unpack(f"<{len(raw) // 2}e", raw)
    elif dtype == "I8":
        scale = struct.unpack(f"<{shape[0]}e", t.pop(name + ".scale")[2])
        q = struct.unpack(f"<{len(raw)}b", raw)
        values = [scale[i // shape[1]] * v for i, v in enumerate(q)]
    else:
        return
    t[name] = ("F32", shape, struct.pack(f"<{len(values)}f", *values))


def write_model(name, tensors, meta):
    content = st_bytes(tensors, meta)
    assert len(content) <= 50_000, (name, len(content))
    write("model", name, content)


pooled, pooled_meta = st_read("models/movienet-ml-latest-small.safetensors")
seed_arch, seed_meta = st_read("tests/js/fixtures/seed-model.safetensors")
small_meta = dict(pooled_meta, metadata='{"dataset":"fuzz seed","metrics":{"rmse":0.9}}')
t, m = cut_model(pooled, small_meta, 12)
cut_hidden(t, "pooled.head.", 4)
write_model("pooled-int8.safetensors", t, m)                     # I8 tables + F16 scales, F16 head, tied watch head
f32 = dict(t)
for name in list(f32):
    if name in f32 and not name.endswith(".scale"):
        to_f32(f32, name)
f32["watch.e"], f32["watch.r"] = f32["watch.o"], f32["watch.o"]  # an untied watch head
write_model("pooled-f32-untied.safetensors", f32, m)
bare = {k: v for k, v in t.items() if not k.startswith("watch.") and k != "catalogue.titles"}
write_model("pooled-no-watch-no-titles.safetensors", bare, m)   # a 0.1 model, weights only
wide = dict(t)                                                   # I32 genre lists
wide["catalogue.genre_counts"] = ("I32", [12], struct.pack("<12i", *t["catalogue.genre_counts"][2]))
wide["catalogue.genres"] = ("I32", t["catalogue.genres"][1], struct.pack(f"<{t['catalogue.genres'][1][0]}i", *t["catalogue.genres"][2]))
write_model("pooled-i32-genres.safetensors", wide, m)
one, m1 = cut_model(pooled, small_meta, 1)
cut_hidden(one, "pooled.head.", 1)
write_model("pooled-one-movie.safetensors", one, m1)
watch_only = {k: v for k, v in t.items() if not k.startswith("pooled.") and k != "global_mean"}
write_model("watch-only.safetensors", watch_only, dict(m, arch="none"))  # trained on watch events alone
s_t, s_m = cut_model(seed_arch, seed_meta, 10)
cut_hidden(s_t, "seed.network.", 4)
write_model("seed-arch.safetensors", s_t, s_m)
write("model", "seed-arch-full.safetensors", (root / "tests/js/fixtures/seed-model.safetensors").read_bytes())


# Networks: the wasm test fixtures and small generated ones (every activation, F32 and F16).
def network(spec, inputs, dtype, rng):
    layers, tensors, size = [], {}, inputs
    for item in spec.split(","):
        units = int(re.match(r"\d+", item).group())
        i = len(layers)
        w = [rng.uniform(-1, 1) for _ in range(units * size)]
        b = [rng.uniform(-0.5, 0.5) for _ in range(units)]
        code = "e" if dtype == "F16" else "f"
        tensors[f"{i}.weight"] = (dtype, [units, size], struct.pack(f"<{len(w)}{code}", *w))
        tensors[f"{i}.bias"] = (dtype, [units], struct.pack(f"<{len(b)}{code}", *b))
        layers.append("dense")
        if item[len(str(units)):]:
            layers.append(item[len(str(units)):])
        size = units
    meta = {"format": "movienet-network", "version": "2", "layers": ",".join(layers),
            "metadata": json.dumps({"spec": spec, "note": {"nested": [1, 2.5, "x", None, True]}})}
    return st_bytes(tensors, meta)


for fixture in ("half", "odd"):
    write("network", f"{fixture}.safetensors", (root / f"tests/js/fixtures/{fixture}.network.safetensors").read_bytes())
rng = random.Random(14)
write("network", "f32-relu-sigmoid.safetensors", network("5relu,3sigmoid,1", 4, "F32", rng))
write("network", "f16-tanh-identity.safetensors", network("6tanh,2identity", 3, "F16", rng))
write("network", "f32-linear-one.safetensors", network("1linear", 1, "F32", rng))
write("network", "f32-wide.safetensors", network("17,9relu,2", 12, "F32", rng))
