#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/ from data/ml-latest-small:
small files in each format's real layout (the 100K and 1M layouts rebuilt
from the same ratings and movies). Run from anywhere; rewrites only seed-*.
Regression inputs (crash-*, named after what they found) are kept."""
import csv, io, os, pathlib

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
