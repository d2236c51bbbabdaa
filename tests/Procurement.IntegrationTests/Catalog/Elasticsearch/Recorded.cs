namespace Procurement.IntegrationTests.Catalog.Elasticsearch;

/// <summary>
/// Answers shaped as Elasticsearch 9 gives them (captured from a 9.x node; ids and names replaced with the test
/// catalog's). Search answers carry typed keys (<c>filter#category</c>, <c>sterms#values</c>) because the client
/// always asks with <c>typed_keys=true</c>.
/// </summary>
internal static class Recorded
{
    public const string LilyId = "0190b000-0000-7000-8000-000000000001";
    public const string LilyDriedId = "0190b000-0000-7000-8000-000000000002";
    public const string LilyFarmId = "0190a000-0000-7000-8000-000000000001";

    public const string Acknowledged = """{"acknowledged":true}""";

    public const string IndexCreated = """{"acknowledged":true,"shards_acknowledged":true,"index":"catalog-20261125120000000"}""";

    public const string AlreadyExists = """
        {"error":{"root_cause":[{"type":"resource_already_exists_exception","reason":"index [catalog-initial/3x1c] already exists","index":"catalog-initial"}],
          "type":"resource_already_exists_exception","reason":"index [catalog-initial/3x1c] already exists","index":"catalog-initial"},"status":400}
        """;

    public const string AliasMissing = """{"error":"alias [catalog] missing","status":404}""";

    public const string AliasOnOldIndex = """{"catalog-20261101000000000":{"aliases":{"catalog":{}}}}""";

    public const string Refreshed = """{"_shards":{"total":1,"successful":1,"failed":0}}""";

    public const string Count = """{"count":164,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0}}""";

    public const string BulkOk = """
        {"errors":false,"took":7,"items":[
          {"index":{"_index":"catalog-20261101000000000","_id":"0190b000-0000-7000-8000-000000000001","_version":3,"result":"updated","forced_refresh":true,
            "_shards":{"total":2,"successful":1,"failed":0},"_seq_no":12,"_primary_term":1,"status":200}},
          {"delete":{"_index":"catalog-20261101000000000","_id":"0190b000-0000-7000-8000-000000000009","_version":1,"result":"not_found",
            "_shards":{"total":2,"successful":1,"failed":0},"_seq_no":13,"_primary_term":1,"status":404}}
        ]}
        """;

    public const string BulkRejected = """
        {"errors":true,"took":2,"items":[
          {"index":{"_index":"catalog-20261101000000000","_id":"0190b000-0000-7000-8000-000000000001","status":400,
            "error":{"type":"document_parsing_exception","reason":"[1:417] failed to parse field [published_at] of type [date] in document with id '0190b000-0000-7000-8000-000000000001'"}}}
        ]}
        """;

    public const string SearchRejected = """
        {"error":{"root_cause":[{"type":"query_shard_exception","reason":"failed to create query: field [pinyin] is not mapped","index":"catalog-20261101000000000"}],
          "type":"search_phase_execution_exception","reason":"all shards failed","phase":"query","grouped":true,"failed_shards":[]},"status":400}
        """;

    public const string LilySearch = """
        {"took":5,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
         "hits":{"total":{"value":2,"relation":"eq"},"max_score":null,"hits":[
           {"_index":"catalog-20261101000000000","_id":"0190b000-0000-7000-8000-000000000001","_score":14.2,
            "_source":{"product_id":"0190b000-0000-7000-8000-000000000001","name":"兰州百合 鲜百合","supplier_id":"0190a000-0000-7000-8000-000000000001",
              "supplier_name":"七里河百合合作社","category":"fresh-produce","city":"620100","county":"620103","price_min_fen":3990,"price_max_fen":7980,
              "certified":true,"image_url":"/img/1.svg","available":2400},
            "sort":[14.2,900,"0190b000-0000-7000-8000-000000000001"]},
           {"_index":"catalog-20261101000000000","_id":"0190b000-0000-7000-8000-000000000002","_score":11.8,
            "_source":{"product_id":"0190b000-0000-7000-8000-000000000002","name":"兰州百合干","supplier_id":"0190a000-0000-7000-8000-000000000001",
              "supplier_name":"七里河百合合作社","category":"nuts-dried","city":"620100","county":"620103","price_min_fen":4500,"price_max_fen":9000,
              "certified":false,"image_url":null},
            "sort":[11.8,300,"0190b000-0000-7000-8000-000000000002"]}]},
         "aggregations":{
           "filter#category":{"doc_count":3,"sterms#values":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[
             {"key":"fresh-produce","doc_count":2},{"key":"nuts-dried","doc_count":1}]}},
           "filter#city":{"doc_count":2,"sterms#values":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[
             {"key":"620100","doc_count":2}]}},
           "filter#supplier":{"doc_count":2,"sterms#values":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[
             {"key":"0190a000-0000-7000-8000-000000000001","doc_count":2,"sterms#names":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[
               {"key":"七里河百合合作社","doc_count":2}]}}]}},
           "filter#price":{"doc_count":2,"range#values":{"buckets":[
             {"key":"0.0-5000.0","from":0.0,"to":5000.0,"doc_count":2},
             {"key":"5000.0-10000.0","from":5000.0,"to":10000.0,"doc_count":0},
             {"key":"10000.0-20000.0","from":10000.0,"to":20000.0,"doc_count":0},
             {"key":"20000.0-50000.0","from":20000.0,"to":50000.0,"doc_count":0},
             {"key":"50000.0-*","from":50000.0,"doc_count":0}]}}}}
        """;

    public const string NothingFound = """
        {"took":2,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
         "hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]},
         "aggregations":{
           "filter#category":{"doc_count":0,"sterms#values":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[]}},
           "filter#city":{"doc_count":0,"sterms#values":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[]}},
           "filter#supplier":{"doc_count":0,"sterms#values":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[]}},
           "filter#price":{"doc_count":0,"range#values":{"buckets":[
             {"key":"0.0-5000.0","from":0.0,"to":5000.0,"doc_count":0},
             {"key":"5000.0-10000.0","from":5000.0,"to":10000.0,"doc_count":0},
             {"key":"10000.0-20000.0","from":10000.0,"to":20000.0,"doc_count":0},
             {"key":"20000.0-50000.0","from":20000.0,"to":50000.0,"doc_count":0},
             {"key":"50000.0-*","from":50000.0,"doc_count":0}]}}}}
        """;

    public const string Suggestions = """
        {"took":3,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
         "hits":{"total":{"value":2,"relation":"eq"},"max_score":null,"hits":[
           {"_index":"catalog-20261101000000000","_id":"0190b000-0000-7000-8000-000000000001","_score":9.1,
            "_source":{"product_id":"0190b000-0000-7000-8000-000000000001","name":"兰州百合 鲜百合","supplier_id":"0190a000-0000-7000-8000-000000000001",
              "supplier_name":"七里河百合合作社","category":"fresh-produce","city":"620100","county":"620103","price_min_fen":3990,"price_max_fen":7980,"certified":true},
            "fields":{"name.keyword":["兰州百合 鲜百合"]},"sort":[9.1,"0190b000-0000-7000-8000-000000000001"]},
           {"_index":"catalog-20261101000000000","_id":"0190b000-0000-7000-8000-000000000002","_score":8.7,
            "_source":{"product_id":"0190b000-0000-7000-8000-000000000002","name":"兰州百合干","supplier_id":"0190a000-0000-7000-8000-000000000001",
              "supplier_name":"七里河百合合作社","category":"nuts-dried","city":"620100","county":"620103","price_min_fen":4500,"price_max_fen":9000,"certified":false},
            "fields":{"name.keyword":["兰州百合干"]},"sort":[8.7,"0190b000-0000-7000-8000-000000000002"]}]}}
        """;
}
