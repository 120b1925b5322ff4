"""The real OpenSearch test cluster (scripts/opensearch.sh start): 3 nodes, green, and an
index / bulk / search / aggregation / delete round trip through opensearch-py.

Runs only when CORPUS_OPENSEARCH_URL names the cluster (scripts/test.sh sets it)."""

import os
import uuid

import pytest

URL = os.environ.get("CORPUS_OPENSEARCH_URL")

pytestmark = pytest.mark.skipif(
    not URL,
    reason="CORPUS_OPENSEARCH_URL is not set (start a cluster: bash scripts/opensearch.sh start)",
)


@pytest.fixture(scope="module")
def client():
    from opensearchpy import OpenSearch

    c = OpenSearch(hosts=URL.split(","), timeout=30, max_retries=2, retry_on_timeout=True)
    yield c
    c.close()


@pytest.fixture
def index(client):
    name = f"test-roundtrip-{uuid.uuid4().hex[:8]}"
    yield name
    client.indices.delete(index=name, ignore_unavailable=True)


def test_three_nodes_green(client):
    health = client.cluster.health(wait_for_status="green", wait_for_nodes=3)
    assert health["status"] == "green", health
    assert health["number_of_nodes"] == 3
    assert health["number_of_data_nodes"] == 3
    nodes = client.nodes.info()["nodes"].values()
    assert all(n["version"].startswith("2.19.") for n in nodes)
    assert {n["host"] for n in nodes} == {"127.0.0.1"}


def test_index_search_aggregate_delete(client, index):
    client.indices.create(
        index=index,
        body={
            "settings": {"number_of_shards": 3, "number_of_replicas": 1},
            "mappings": {"properties": {"title": {"type": "text"}, "lang": {"type": "keyword"}}},
        },
    )
    docs = [
        ("1", "البيشمركة والجيش العراقي", "ar"),
        ("2", "Peshmerga and the Iraqi army", "en"),
        ("3", "Kurdish forces near Erbil", "en"),
    ]
    body = []
    for doc_id, title, lang in docs:
        body += [{"index": {"_index": index, "_id": doc_id}}, {"title": title, "lang": lang}]
    result = client.bulk(body=body, refresh=True)
    assert not result["errors"], result

    # Every primary and its replica are allocated, on different nodes.
    health = client.cluster.health(index=index, wait_for_status="green")
    assert health["status"] == "green"
    assert health["active_primary_shards"] == 3 and health["active_shards"] == 6

    hits = client.search(index=index, body={"query": {"match": {"title": "iraqi"}}})["hits"]
    assert [h["_id"] for h in hits["hits"]] == ["2"]
    hits = client.search(index=index, body={"query": {"match": {"title": "البيشمركة"}}})["hits"]
    assert [h["_id"] for h in hits["hits"]] == ["1"]

    aggs = client.search(
        index=index, body={"size": 0, "aggs": {"langs": {"terms": {"field": "lang"}}}}
    )["aggregations"]["langs"]["buckets"]
    assert {b["key"]: b["doc_count"] for b in aggs} == {"en": 2, "ar": 1}

    client.delete(index=index, id="3", refresh=True)
    assert client.count(index=index)["count"] == 2
    client.indices.delete(index=index)
    assert not client.indices.exists(index=index)
