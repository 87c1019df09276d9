// The wire protocol's own text handling, checked against nlohmann-json:
// wire::parse must build exactly the value json::parse builds and refuse
// exactly what it refuses; wire::canonicalJson must be byte for byte
// toJson(event).dump() (the centre hashes that text to tell a replay from a
// conflict, so one differing byte would turn every replay into a conflict).
// Random documents and random corruptions of them, from a fixed seed.
#include "sync/protocol/wire.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

using nlohmann::json;
namespace wire = ocop::wire;

namespace {

constexpr unsigned kSeed = 20261202;

// Same value and the same number kinds all the way down (json's == treats
// 1 and 1u as equal, but the store writes them differently).
void expectSameValue(const json& a, const json& b, const std::string& where)
{
    ASSERT_EQ(a.type(), b.type()) << where;
    if (a.is_object()) {
        ASSERT_EQ(a.size(), b.size()) << where;
        auto ib = b.begin();
        for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
            ASSERT_EQ(ia.key(), ib.key()) << where;
            expectSameValue(ia.value(), ib.value(), where + "." + ia.key());
        }
    } else if (a.is_array()) {
        ASSERT_EQ(a.size(), b.size()) << where;
        for (std::size_t i = 0; i < a.size(); ++i)
            expectSameValue(a[i], b[i], where + "[" + std::to_string(i) + "]");
    } else if (a.is_number_float()) {
        const double x = a.get<double>(), y = b.get<double>();
        ASSERT_TRUE((std::isnan(x) && std::isnan(y)) || x == y) << where;
    } else {
        ASSERT_EQ(a, b) << where;
    }
}

// Pieces strings are made of: plain ASCII, Vietnamese, what JSON escapes,
// 4-byte UTF-8, and (when invalid is allowed) ill-formed UTF-8 of each kind.
const std::vector<std::string> kValidPieces = {
    "a", "Bánh cốm Làng Vòng", "Đặc sản", "đ", "OCOP-00001", " ", "12345678", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", std::string("\x01", 1), std::string("\x1f", 1), "\x7f",
    "€", "😀", "₫", "ỹ", "Hà Nội",
};
const std::vector<std::string> kInvalidPieces = {
    "\xff", "\xc0\x80", "\xc1\xbf", "\xed\xa0\x80", "\xe1\xba", "\xf5\x80\x80\x80", "\xf0\x8f\xbf\xbf",
    "\x80", "\xe0\x80\xaf", "\xf4\x90\x80\x80",
};

class Generator {
public:
    explicit Generator(unsigned seed) : m_rng(seed) {}

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_rng); }

    std::string string(bool allowInvalid)
    {
        std::string s;
        const int parts = pick(6);
        for (int i = 0; i < parts; ++i) {
            if (allowInvalid && pick(12) == 0)
                s += kInvalidPieces[static_cast<std::size_t>(pick(int(kInvalidPieces.size())))];
            else
                s += kValidPieces[static_cast<std::size_t>(pick(int(kValidPieces.size())))];
        }
        return s;
    }

    json value(int depth, bool allowInvalid)
    {
        const int kind = pick(depth > 4 ? 8 : 10);
        switch (kind) {
        case 0: return nullptr;
        case 1: return pick(2) == 0;
        case 2: {
            static const std::int64_t ints[] = {0, 1, -1, 42, -125000, 1'700'000'000'000,
                                                std::numeric_limits<std::int64_t>::min(),
                                                std::numeric_limits<std::int64_t>::max()};
            return ints[pick(8)];
        }
        case 3: {
            static const std::uint64_t uints[] = {0u, 7u, 125000u, std::numeric_limits<std::uint64_t>::max()};
            return uints[pick(4)];
        }
        case 4: {
            static const double floats[] = {0.5, -1.25, 1e300, -0.0, 3.0, 1e-7};
            return floats[pick(6)];
        }
        case 5:
        case 6:
        case 7: return string(allowInvalid);
        case 8: {
            json a = json::array();
            const int n = pick(5);
            for (int i = 0; i < n; ++i)
                a.push_back(value(depth + 1, allowInvalid));
            return a;
        }
        default: {
            json o = json::object();
            const int n = pick(6);
            for (int i = 0; i < n; ++i)
                o[string(allowInvalid && pick(4) == 0)] = value(depth + 1, allowInvalid);
            return o;
        }
        }
    }

    // One random corruption: a byte dropped, inserted, replaced, or the text cut.
    std::string corrupt(std::string text)
    {
        static const char bytes[] = {'{', '}', '[', ']', '"', '\\', ',', ':', '0', '9', '-', '.', 'e', 'u',
                                     ' ', '\n', '\x01', '\x80', '\xc3', '\xff', 't', 'n'};
        if (text.empty())
            return std::string(1, bytes[pick(int(sizeof bytes))]);
        const auto at = static_cast<std::size_t>(pick(int(text.size())));
        switch (pick(4)) {
        case 0: text.erase(at, 1); break;
        case 1: text.insert(at, 1, bytes[pick(int(sizeof bytes))]); break;
        case 2: text[at] = bytes[pick(int(sizeof bytes))]; break;
        default: text.resize(at); break;
        }
        return text;
    }

private:
    std::mt19937 m_rng;
};

// A text as a JSON string, printable whatever its bytes.
std::string shown(const std::string& text)
{
    return json(text).dump(-1, ' ', true, json::error_handler_t::replace);
}

// wire::parse against json::parse on one text: both refuse it, or both
// build the same value.
void expectParsedAsNlohmann(const std::string& text)
{
    json expected;
    bool nlohmannAccepts = true;
    try {
        expected = json::parse(text);
    } catch (const json::exception&) { // parse_error, or out_of_range for 1e9999
        nlohmannAccepts = false;
    }
    if (!nlohmannAccepts) {
        EXPECT_THROW(wire::parse(text), wire::ProtocolError) << "accepted what nlohmann refuses: " << shown(text);
        return;
    }
    json got;
    ASSERT_NO_THROW(got = wire::parse(text)) << shown(text);
    expectSameValue(expected, got, shown(text));
}

wire::Event eventWith(json payload)
{
    wire::Event e;
    e.seq = 17;
    e.uuid = "0190f5c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e";
    e.type = "sale_completed";
    e.createdAt = 1'764'000'000'000;
    e.payload = std::move(payload);
    return e;
}

} // namespace

TEST(WireParse, BuildsWhatNlohmannBuildsForRandomDocuments)
{
    Generator g(kSeed);
    for (int i = 0; i < 3000; ++i) {
        const json v = g.value(0, false);
        expectParsedAsNlohmann(v.dump());
        expectParsedAsNlohmann(v.dump(2));                  // whitespace everywhere
        expectParsedAsNlohmann(v.dump(-1, ' ', true));     // \u escapes (nlohmann's path)
        if (HasFatalFailure())
            return;
    }
}

TEST(WireParse, RefusesExactlyWhatNlohmannRefuses)
{
    Generator g(kSeed + 1);
    for (int i = 0; i < 20000; ++i) {
        std::string text = g.value(0, false).dump(g.pick(2) ? -1 : 1);
        const int corruptions = 1 + g.pick(3);
        for (int k = 0; k < corruptions; ++k)
            text = g.corrupt(std::move(text));
        expectParsedAsNlohmann(text);
        if (HasFatalFailure())
            return;
    }
}

TEST(WireParse, EdgeCases)
{
    const std::vector<std::string> texts = {
        "", " ", "{}", "[]", "{ }", "[ ]", "\xEF\xBB\xBF{}", "01", "-0", "-", "0", "00", "1.", ".5", "1e5", "1E+2",
        "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
        "9223372036854775808", "1e9999", "[-1e400]", "\"\\u00e1\\u0111\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\x\"", "\"abc",
        "\"\t\"", "\"\x7f\"", "\"\xc3\xa1\"", "\"\xc3\"", "\"\xed\xa0\x80\"", "[1,]", "{\"a\":1,}", "{\"a\" 1}",
        "{\"a\":1,\"a\":2}", "{\"b\":1,\"a\":2}", "[1 2]", "true", "tru", "nul", "null ", " false\n", "[true,false,null]",
        "{\"a\":[{\"b\":{}}]}", "[] []", "{}x", std::string("[0\0]", 4), std::string("\"a\0b\"", 5),
    };
    for (const auto& t : texts) {
        expectParsedAsNlohmann(t);
        if (HasFatalFailure())
            return;
    }
    // Deep nesting: beyond the fast path's limit nlohmann decides.
    for (const int depth : {255, 256, 257, 1000}) {
        expectParsedAsNlohmann(std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'));
        expectParsedAsNlohmann(std::string(static_cast<std::size_t>(depth), '['));
    }
}

TEST(WireParse, MalformedTextIsAProtocolErrorNamingTheProblem)
{
    try {
        wire::parse("{\"events\": [1,]}");
        FAIL() << "accepted a trailing comma";
    } catch (const wire::ProtocolError& e) {
        EXPECT_NE(std::string(e.what()).find("malformed JSON"), std::string::npos) << e.what();
    }
}

TEST(WireRelease, LeavesNullWhateverTheShapeAndTouchesNothingElse)
{
    Generator g(kSeed + 2);
    for (int i = 0; i < 500; ++i) {
        json j = g.value(0, false);
        const json copy = j;
        const std::string before = copy.dump();
        wire::release(j);
        EXPECT_TRUE(j.is_null()) << before;
        EXPECT_EQ(copy.dump(), before);
    }
    // Far deeper than the call stack could follow: the part below 64 levels
    // is left to nlohmann, which needs no stack for it.
    constexpr std::size_t kDepth = 1'000'000;
    std::string deep;
    for (std::size_t i = 0; i < kDepth; ++i)
        deep += i % 2 ? "{\"k\":" : "[";
    deep += "null";
    for (std::size_t i = kDepth; i-- > 0;)
        deep += i % 2 ? "}" : "]";
    json j = json::parse(deep);
    wire::release(j);
    EXPECT_TRUE(j.is_null());
}

TEST(CanonicalJson, IsDumpByteForByteForRandomPayloads)
{
    Generator g(kSeed + 2);
    int invalid = 0;
    for (int i = 0; i < 5000; ++i) {
        json payload = json::object();
        const int n = 1 + g.pick(6);
        for (int k = 0; k < n; ++k)
            payload[g.string(g.pick(8) == 0)] = g.value(1, g.pick(8) == 0);
        auto e = eventWith(std::move(payload));
        if (g.pick(10) == 0)
            e.type = g.string(true);
        std::string expected;
        bool dumpThrows = false;
        try {
            expected = wire::toJson(e).dump();
        } catch (const json::type_error&) {
            dumpThrows = true;
        }
        if (dumpThrows) {
            ++invalid;
            EXPECT_THROW(wire::canonicalJson(e), json::type_error);
            continue;
        }
        ASSERT_EQ(wire::canonicalJson(e), expected);
    }
    EXPECT_GT(invalid, 50); // the generator did make ill-formed UTF-8
}

TEST(CanonicalJson, AppendsDumpToWhatIsThere)
{
    Generator g(kSeed + 3);
    for (int i = 0; i < 2000; ++i) {
        const json v = g.value(0, false);
        std::string out = "prefix:";
        wire::appendCanonical(out, v);
        ASSERT_EQ(out, "prefix:" + v.dump());
    }
    // Long strings cross the writer's buffer growth.
    const json big = {{"name", std::string(100000, 'x') + "Đ\n"}, {"n", json::array({1, 2.5, "\\"})}};
    std::string out;
    wire::appendCanonical(out, big);
    EXPECT_EQ(out, big.dump());
}

TEST(EventBatch, MovingAndCopyingReadTheSameBatchAndTheSameErrors)
{
    Generator g(kSeed + 4);
    json batch = {{"protocol", 1}, {"sent_at", 1'764'000'000'123}, {"events", json::array()}};
    for (int s = 1; s <= 20; ++s) {
        auto e = eventWith(json{{"receipt_no", "HK01-T1-" + std::to_string(s)}, {"x", g.value(1, false)}});
        e.seq = s;
        batch["events"].push_back(wire::toJson(e));
    }
    const auto copied = wire::eventBatchFromJson(batch);
    json moving = batch;
    const auto moved = wire::eventBatchFromJson(std::move(moving));
    ASSERT_EQ(copied.sentAt, moved.sentAt);
    ASSERT_EQ(copied.events.size(), moved.events.size());
    for (std::size_t i = 0; i < copied.events.size(); ++i) {
        EXPECT_EQ(copied.events[i].seq, moved.events[i].seq);
        EXPECT_EQ(copied.events[i].payload, moved.events[i].payload);
        EXPECT_EQ(wire::canonicalJson(copied.events[i]), wire::toJson(copied.events[i]).dump());
    }

    auto bad = [&](auto&& edit) {
        json j = batch;
        edit(j);
        return j;
    };
    const std::vector<json> bads = {
        bad([](json& j) { j.erase("sent_at"); }),
        bad([](json& j) { j["events"] = "none"; }),
        bad([](json& j) { j["events"][3].erase("payload"); }),
        bad([](json& j) { j["events"][4]["payload"] = json::array(); }),
        bad([](json& j) { j["events"][5]["seq"] = 0; }),
        bad([](json& j) { j["events"][6]["uuid"] = "not-a-uuid"; }),
        bad([](json& j) { std::swap(j["events"][1], j["events"][2]); }),
        json::array(),
    };
    for (const auto& j : bads) {
        std::string copyError, moveError;
        try {
            wire::eventBatchFromJson(j);
        } catch (const wire::ProtocolError& e) {
            copyError = e.what();
        }
        try {
            json m = j;
            wire::eventBatchFromJson(std::move(m));
        } catch (const wire::ProtocolError& e) {
            moveError = e.what();
        }
        EXPECT_FALSE(copyError.empty()) << j.dump();
        EXPECT_EQ(copyError, moveError) << j.dump();
    }
}

namespace {

// What eventBatchFromJson(parse(text)) reads, or that it refuses the text.
struct WholeRead {
    bool refused = false;
    bool tooLarge = false;
    wire::EventBatch batch;
};
WholeRead readWhole(const std::string& text)
{
    WholeRead r;
    try {
        json j = wire::parse(text);
        if (j.is_object() && j.contains("events") && j["events"].is_array() &&
            j["events"].size() > wire::kMaxBatchEvents)
            r.tooLarge = true;
        r.batch = wire::eventBatchFromJson(std::move(j));
    } catch (const wire::ProtocolError&) {
        r.refused = true;
    }
    return r;
}

// The reader on one text against readWhole: both refuse it (a batch too
// large as such), or both read the same events and sent_at.
void expectReadAsWhole(const std::string& text)
{
    const auto expected = readWhole(text);
    wire::EventBatchReader reader(text);
    std::vector<const wire::Event*> seen;
    std::int64_t sentAt = 0;
    bool refused = false, tooLarge = false;
    try {
        for (std::size_t i = 0; reader.has(i); ++i)
            seen.push_back(&reader.at(i));
        sentAt = reader.readToEnd();
    } catch (const wire::BatchTooLarge&) {
        refused = tooLarge = true;
    } catch (const wire::ProtocolError&) {
        refused = true;
    }
    ASSERT_EQ(refused, expected.refused || expected.tooLarge) << shown(text.substr(0, 2000));
    if (expected.tooLarge) {
        EXPECT_TRUE(tooLarge) << "a batch too large is BatchTooLarge";
    }
    if (refused)
        return;
    ASSERT_EQ(sentAt, expected.batch.sentAt);
    ASSERT_EQ(seen.size(), expected.batch.events.size());
    for (std::size_t i = 0; i < seen.size(); ++i) {
        const auto &a = expected.batch.events[i], &b = *seen[i];
        // Read earlier, still where it was.
        ASSERT_EQ(&reader.at(i), seen[i]);
        ASSERT_EQ(a.seq, b.seq);
        ASSERT_EQ(a.uuid, b.uuid);
        ASSERT_EQ(a.type, b.type);
        ASSERT_EQ(a.createdAt, b.createdAt);
        expectSameValue(a.payload, b.payload, "events[" + std::to_string(i) + "].payload");
        // A payload text handed on is dump()'s, and so is the event's text made with it.
        if (const auto canonical = reader.canonicalPayload(i); !canonical.empty()) {
            ASSERT_EQ(canonical, a.payload.dump()) << shown(text.substr(0, 2000));
            ASSERT_EQ(wire::canonicalJson(b, canonical), wire::toJson(a).dump());
        }
    }
}

json randomBatch(Generator& g, int events)
{
    json batch = {{"protocol", 1}, {"sent_at", 1'764'000'000'123}, {"events", json::array()}};
    for (int s = 1; s <= events; ++s) {
        auto e = eventWith(json{{"point", "HK01"}, {"x", g.value(1, false)}, {g.string(false), g.value(2, false)}});
        e.seq = s;
        batch["events"].push_back(wire::toJson(e));
    }
    return batch;
}

// The envelope's members in another order than dump()'s (events first).
std::string sentAtFirst(const json& batch)
{
    return "{\"sent_at\":" + batch["sent_at"].dump() + ",\"protocol\":1,\"events\":" + batch["events"].dump() + "}";
}

} // namespace

TEST(EventBatchReader, ReadsWhatTheWholeParseReadsForRandomBatches)
{
    Generator g(kSeed + 5);
    for (int i = 0; i < 300; ++i) {
        const json batch = randomBatch(g, g.pick(12));
        expectReadAsWhole(batch.dump());
        expectReadAsWhole(batch.dump(2));
        expectReadAsWhole(sentAtFirst(batch));
        // \u escapes: the fast path gives up and the rest comes from nlohmann.
        expectReadAsWhole(batch.dump(-1, ' ', true));
        if (HasFatalFailure())
            return;
    }
}

TEST(EventBatchReader, RefusesExactlyWhatTheWholeParseRefuses)
{
    Generator g(kSeed + 6);
    for (int i = 0; i < 5000; ++i) {
        std::string text = randomBatch(g, 1 + g.pick(5)).dump(g.pick(2) ? -1 : 1);
        const int corruptions = 1 + g.pick(3);
        for (int k = 0; k < corruptions; ++k)
            text = g.corrupt(std::move(text));
        expectReadAsWhole(text);
        if (HasFatalFailure())
            return;
    }
    // Wrong shapes and types in the envelope and the events.
    for (const std::string text : {
             "", "[]", "null", "{}", "{\"sent_at\":1}", "{\"events\":[]}", "{\"sent_at\":\"1\",\"events\":[]}",
             "{\"sent_at\":1.5,\"events\":[]}", "{\"sent_at\":1,\"events\":{}}", "{\"sent_at\":1,\"events\":[1]}",
             "{\"sent_at\":1,\"events\":[{}]}", "{\"sent_at\":1,\"events\":[]} x", "{\"sent_at\":1,\"events\":[],}",
             "{\"sent_at\":1,\"events\":[]", "\xEF\xBB\xBF{\"sent_at\":1,\"events\":[]}",
             "{\"sent_at\":1,\"sent_at\":2,\"events\":[]}", "{\"sent_at\":null,\"events\":[]}",
             "{\"events\":[],\"sent_at\":1e9999}"}) {
        expectReadAsWhole(text);
        if (HasFatalFailure())
            return;
    }
    // Events out of order, an event without its payload, at the end of a batch.
    Generator h(kSeed + 7);
    json batch = randomBatch(h, 6);
    std::swap(batch["events"][4], batch["events"][5]);
    expectReadAsWhole(batch.dump());
    batch = randomBatch(h, 6);
    batch["events"][5].erase("payload");
    expectReadAsWhole(batch.dump());
}

TEST(EventBatchReader, ABatchTooLargeIsSaidSoOnBothPaths)
{
    Generator g(kSeed + 8);
    const json batch = randomBatch(g, static_cast<int>(wire::kMaxBatchEvents) + 1);
    expectReadAsWhole(batch.dump());
    expectReadAsWhole(batch.dump(-1, ' ', true));
    const json full = randomBatch(g, static_cast<int>(wire::kMaxBatchEvents));
    expectReadAsWhole(full.dump());
}

TEST(EventBatchReader, EventsNamedTwiceAreRefusedNotMixed)
{
    // nlohmann keeps the last "events"; the reader may have handed on the
    // first by then, so it refuses the text instead.
    json a = json::array(), b = json::array();
    for (int s = 1; s <= 3; ++s) {
        auto e = eventWith(json{{"point", "HK01"}, {"n", s}});
        e.seq = s;
        a.push_back(wire::toJson(e));
        e.seq = s + 3; // the two lists would make one ascending list
        b.push_back(wire::toJson(e));
    }
    const std::string twice = "{\"events\":" + a.dump() + ",\"events\":" + b.dump() + ",\"sent_at\":1}";
    wire::EventBatchReader reader(twice);
    EXPECT_THROW(reader.readToEnd(), wire::ProtocolError);
    // The same with the second list read by nlohmann (a \u escape in it).
    b[2]["payload"]["name"] = "Trà";
    const std::string escaped =
        "{\"events\":" + a.dump() + ",\"events\":" + b.dump(-1, ' ', true) + ",\"sent_at\":1}";
    wire::EventBatchReader reader2(escaped);
    EXPECT_THROW(reader2.readToEnd(), wire::ProtocolError);
}

// The text of a payload in canonical form (as terminals send it) is handed
// on, so the centre copies it instead of writing it again; a payload in any
// other form is not, and the event's canonical text is the same either way.
TEST(EventBatchReader, HandsOnAPayloadTextOnlyWhenItIsCanonical)
{
    const json sale = {{"point", "HK01"},
                       {"cashier", "Nguyễn Thị Lan"},
                       {"lines", json::array({{{"code", "OCOP-00219"}, {"qty", 2}, {"gross", 420000}},
                                              {{"code", "OCOP-00007"}, {"qty", -1}, {"gross", -35000}}})},
                       {"paid", true},
                       {"note", nullptr},
                       {"tags", json::array()},
                       {"extra", json::object()},
                       {"big", std::numeric_limits<std::uint64_t>::max()},
                       {"min", std::numeric_limits<std::int64_t>::min()}};
    auto eventText = [](int seq, const std::string& payloadText) {
        return "{\"created_at\":1764000000000,\"payload\":" + payloadText + ",\"seq\":" + std::to_string(seq) +
               ",\"type\":\"sale.completed\",\"uuid\":\"0190f5c2-7b1e-7c3a-9d4e-5f6a7b8c9d" +
               std::to_string(10 + seq) + "\"}";
    };
    // Event 1 canonical, event 2 in the form under test, event 3 canonical.
    // After a \\u escape nlohmann reads the rest of the batch, without texts.
    auto readSecond = [&](const std::string& payloadText, const json& expected, bool fastToTheEnd = true) {
        const std::string text = "{\"sent_at\":1,\"events\":[" + eventText(1, sale.dump()) + "," +
                                 eventText(2, payloadText) + "," + eventText(3, sale.dump()) + "]}";
        wire::EventBatchReader reader(text);
        EXPECT_EQ(reader.readToEnd(), 1);
        EXPECT_EQ(reader.canonicalPayload(0), sale.dump());
        EXPECT_EQ(reader.canonicalPayload(2), fastToTheEnd ? sale.dump() : "");
        EXPECT_EQ(reader.at(2).payload, sale);
        EXPECT_EQ(reader.at(1).payload, expected) << payloadText;
        EXPECT_EQ(wire::canonicalJson(reader.at(1), reader.canonicalPayload(1)), wire::canonicalJson(reader.at(1)));
        return std::string(reader.canonicalPayload(1));
    };
    EXPECT_EQ(readSecond(sale.dump(), sale), sale.dump());
    EXPECT_EQ(readSecond("{}", json::object()), "{}");
    EXPECT_EQ(readSecond(sale.dump(1), sale), "") << "spaces";
    EXPECT_EQ(readSecond("{\"b\":1,\"a\":2}", json{{"a", 2}, {"b", 1}}), "") << "keys out of order";
    EXPECT_EQ(readSecond("{\"a\":1,\"a\":2}", json{{"a", 2}}), "") << "a key twice";
    EXPECT_EQ(readSecond("{\"a\":[{\"y\":1,\"x\":1}]}", json{{"a", {{{"x", 1}, {"y", 1}}}}}), "")
        << "keys out of order deeper down";
    EXPECT_EQ(readSecond("{\"n\":-0}", json{{"n", 0}}), "") << "-0";
    EXPECT_EQ(readSecond("{\"s\":\"a\\/b\"}", json{{"s", "a/b"}}), "") << "an escape dump() does not write";
    EXPECT_EQ(readSecond("{\"s\":\"a\\\"b\"}", json{{"s", "a\"b"}}), "") << "any escape";
    EXPECT_EQ(readSecond("{\"s\":\"\\u0110\"}", json{{"s", "Đ"}}, false), "") << "\\u, read by nlohmann";
}
