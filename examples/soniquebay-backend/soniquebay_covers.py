#!/usr/bin/env python3
"""SoniqueBay's side of the covers service, with the standard library only.

How SoniqueBay's Celery tasks would call the service when it runs with LIBRARY_SOURCE=push:

  register   sends the library (a JSON export of SoniqueBay's artists and albums) through the
             upsertLibrary mutation, in batches; the same export twice changes nothing.
  remove     removes albums and artists by SoniqueBay's ids (removeFromLibrary).
  listen     receives the cover webhook (COVER_WEBHOOK_URL), checks its HMAC-SHA256 signature
             (COVER_WEBHOOK_SECRET) and prints each settled cover as one JSON line.

The export: {"artists": [{"id", "name", "mbid"?}], "albums": [{"id", "artist_id", "title",
"year"?, "mbid"?, "folder", "tracks": [{"path", "title"?, "track"?, "disc"?}]}]}, paths relative
to MUSIC_DIR.
"""
import argparse
import hashlib
import hmac
import json
import sys
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

UPSERT = """mutation Upsert($input: LibraryBatchInput!) {
  upsertLibrary(input: $input) {
    __typename
    ... on UpsertLibraryPayload { artistsAdded artistsChanged artistsUnchanged albumsAdded albumsChanged albumsUnchanged }
    ... on Error { message }
    ... on ValidationError { field }
  }
}"""

REMOVE = """mutation Remove($ids: LibraryExternalIds!) {
  removeFromLibrary(externalIds: $ids) {
    __typename
    ... on RemoveFromLibraryPayload { albumsRemoved artistsRemoved }
    ... on Error { message }
  }
}"""


def graphql(url, token, query, variables):
    headers = {"content-type": "application/json", "accept": "application/graphql-response+json"}
    if token:
        headers["authorization"] = "Bearer " + token
    body = json.dumps({"query": query, "variables": variables}).encode()
    req = urllib.request.Request(url.rstrip("/") + "/graphql", data=body, headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=120) as res:
        answer = json.load(res)
    if answer.get("errors"):
        raise SystemExit("graphql error: " + answer["errors"][0]["message"])
    return answer["data"]


def artist_input(a):
    return {"externalId": str(a["id"]), "name": a["name"], "musicbrainzId": a.get("mbid")}


def album_input(a):
    return {
        "externalId": str(a["id"]),
        "artistExternalId": str(a["artist_id"]),
        "title": a["title"],
        "year": a.get("year"),
        "musicbrainzReleaseId": a.get("mbid"),
        "folder": a["folder"],
        "tracks": [
            {"path": t["path"], "title": t.get("title"), "trackNumber": t.get("track"), "discNumber": t.get("disc")}
            for t in a.get("tracks", [])
        ],
    }


def register(args):
    with open(args.export, encoding="utf-8") as f:
        export = json.load(f)
    # Artists first: an album names its artist by id, in its own batch or an earlier one.
    entities = [("artists", artist_input(a)) for a in export.get("artists", [])]
    entities += [("albums", album_input(a)) for a in export.get("albums", [])]
    totals = {}
    for start in range(0, len(entities), args.batch):
        batch = {"artists": [], "albums": []}
        for kind, entity in entities[start:start + args.batch]:
            batch[kind].append(entity)
        result = graphql(args.url, args.token, UPSERT, {"input": batch})["upsertLibrary"]
        if result["__typename"] != "UpsertLibraryPayload":
            raise SystemExit("%s: %s (%s)" % (result["__typename"], result["message"], result.get("field")))
        for key, value in result.items():
            if key != "__typename":
                totals[key] = totals.get(key, 0) + value
    print(json.dumps({"registered": totals}), flush=True)


def remove(args):
    ids = {"albums": args.album or [], "artists": args.artist or []}
    result = graphql(args.url, args.token, REMOVE, {"ids": ids})["removeFromLibrary"]
    if result["__typename"] != "RemoveFromLibraryPayload":
        raise SystemExit("%s: %s" % (result["__typename"], result["message"]))
    print(json.dumps({"removed": result}), flush=True)


def signature_ok(secret, body, header):
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return header is not None and hmac.compare_digest(expected, header)


def listen(args):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            if not signature_ok(args.secret, body, self.headers.get("x-covers-signature")):
                self.send_response(401)
                self.end_headers()
                print(json.dumps({"refused": "bad signature"}), flush=True)
                return
            cover = json.loads(body)
            # Here SoniqueBay would store cover["imageUrl"] on its album or artist cover["externalId"].
            self.send_response(204)
            self.end_headers()
            received.append(cover)
            print(json.dumps({"cover": cover}), flush=True)

        def log_message(self, *_):
            pass

    server = HTTPServer((args.host, args.port), Handler)
    print(json.dumps({"listening": server.server_address[1]}), flush=True)
    while args.count == 0 or len(received) < args.count:
        server.handle_request()
    server.server_close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("register", "remove"):
        p = sub.add_parser(name)
        p.add_argument("--url", default="http://127.0.0.1:4000")
        p.add_argument("--token", help="API_TOKEN of the service")
    sub.choices["register"].add_argument("export", help="the JSON export of SoniqueBay's library")
    sub.choices["register"].add_argument("--batch", type=int, default=2000, help="entities per call")
    sub.choices["remove"].add_argument("--album", action="append", help="an album's id (repeatable)")
    sub.choices["remove"].add_argument("--artist", action="append", help="an artist's id (repeatable)")
    p = sub.add_parser("listen")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--secret", required=True, help="COVER_WEBHOOK_SECRET of the service")
    p.add_argument("--count", type=int, default=0, help="exit after this many covers (0: never)")
    args = parser.parse_args()
    {"register": register, "remove": remove, "listen": listen}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
