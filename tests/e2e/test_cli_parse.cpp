// End-to-end tests of `ocop parse` and `ocop vietqr`: the real binary, the
// shared GS1 and VietQR vectors, and a terminal database for the bank
// account the sales point is paid into.
#include "e2e_support.h"

using namespace e2e;

namespace {

struct Sample {
    std::string kind;
    std::string payload;
};

std::vector<Sample> vietQrSamples()
{
    std::ifstream in(std::string(OCOP_SHARED_DIR) + "/testdata/vietqr-samples.txt");
    if (!in)
        throw std::runtime_error("shared test data missing");
    std::vector<Sample> out;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto tab = line.find('\t');
        if (!line.empty() && line[0] != '#' && tab != std::string::npos)
            out.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    return out;
}

// The `sample`'s fields as `ocop parse --json` reports them.
json parsed(const fs::path& data, const std::string& text, const std::vector<std::string>& extra = {})
{
    std::vector<std::string> args{"parse", text};
    args.insert(args.end(), extra.begin(), extra.end());
    return ocopJson(data, args);
}

void expectUsageRefusal(const RunResult& r, const std::string& mention)
{
    ASSERT_TRUE(r.exited()) << r.describe();
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_TRUE(r.out.empty()) << r.describe();
    const auto lines = r.errLines();
    ASSERT_EQ(lines.size(), 1u) << r.describe();
    EXPECT_NE(lines[0].find(mention), std::string::npos) << lines[0];
}

void setSetting(const fs::path& data, const std::string& key, const std::string& value)
{
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dbPath(data).c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", -1, &st, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value.c_str(), -1, SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE) << sqlite3_errmsg(db);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

} // namespace

TEST(CliParse, ClassifiesEachKindAndAlwaysExitsZero)
{
    TempDir dir;
    const auto data = dir / "none"; // parse needs no terminal

    const auto gs1 = parsed(data, "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426");
    EXPECT_EQ(gs1.at("kind"), "gs1");
    EXPECT_EQ(gs1.at("source"), "digital_link");
    EXPECT_EQ(gs1.at("gtin14"), "09520123456788");
    EXPECT_EQ(gs1.at("gs1").at("lot"), "ABC1");
    EXPECT_EQ(gs1.at("gs1").at("serial"), "12345");
    EXPECT_EQ(gs1.at("gs1").at("expiry"), "2018-04-26");
    EXPECT_EQ(gs1.at("gs1").at("elements").size(), 4u);
    EXPECT_EQ(gs1.at("gs1").at("element_string"), "(01)09520123456788(10)ABC1(21)12345(17)180426");
    EXPECT_TRUE(gs1.at("payment").is_null());

    const auto ds = parsed(data, "0109520123456788" "17270500" "10L1\x1d" "21S9", {"--symbology", "]d2"});
    EXPECT_EQ(ds.at("kind"), "gs1");
    EXPECT_EQ(ds.at("source"), "element_string");
    EXPECT_EQ(ds.at("gs1").at("expiry"), "2027-05-31");
    EXPECT_EQ(ds.at("gs1").at("month_only"), json::array({"17"}));
    EXPECT_EQ(ds.at("gs1").at("digital_link"), "https://id.gs1.org/01/09520123456788/10/L1/21/S9?17=270500");

    const auto gtin = parsed(data, "1234567890128");
    EXPECT_EQ(gtin.at("kind"), "gtin");
    EXPECT_EQ(gtin.at("gtin14"), "01234567890128");

    const auto url = parsed(data, "https://www.HN.check.net.vn/OCOP-00001/?x#y");
    EXPECT_EQ(url.at("kind"), "trace_url");
    EXPECT_EQ(url.at("trace_url"), "hn.check.net.vn/OCOP-00001?x");
    EXPECT_EQ(url.at("known_portal"), true);

    const auto bad = parsed(data, "0109520123456789", {"--symbology", "]Q3"});
    EXPECT_EQ(bad.at("kind"), "unknown");
    EXPECT_EQ(bad.at("reason"), "GS1 AI 01: bad check digit 9, expected 8");
    EXPECT_EQ(bad.at("gtin14"), "");

    const auto words = parsed(data, "xin chào");
    EXPECT_EQ(words.at("kind"), "unknown");
    EXPECT_EQ(words.at("text"), "xin chào");

    // Without --json: one line per fact, first the kind.
    const auto plain = ocop(data, {"parse", "1234567890127"});
    EXPECT_EQ(plain.exitCode, 0) << plain.describe();
    EXPECT_EQ(plain.out, "unknown: bad check digit 7 in GTIN-13 (expected 8)\n");
    EXPECT_FALSE(fs::exists(data)) << "parse must not create a data directory";
}

TEST(CliParse, PaymentCodesAreNeverProducts)
{
    TempDir dir;
    const auto data = dir / "none";
    for (const auto& [kind, payload] : vietQrSamples()) {
        SCOPED_TRACE(payload);
        const auto j = parsed(data, payload);
        EXPECT_EQ(j.at("kind"), "payment");
        EXPECT_EQ(j.at("gtin14"), "");
        EXPECT_EQ(j.at("payment").at("vietqr"), kind == "static" || kind == "dynamic");
        EXPECT_EQ(j.at("payment").at("fields").back().at("id"), "63");

        std::string broken = payload;
        broken.back() = broken.back() == '0' ? '1' : '0';
        const auto b = parsed(data, broken);
        EXPECT_EQ(b.at("kind"), "unknown");
        EXPECT_EQ(b.at("reason"), "payment code with a bad checksum");
    }
}

TEST(CliParse, UsageErrorsExitTwo)
{
    TempDir dir;
    const auto data = dir / "none";
    expectUsageRefusal(ocop(data, {"parse"}), "usage: ocop parse");
    expectUsageRefusal(ocop(data, {"parse", "123", "--symbol", "]E0"}), "unknown option --symbol");
}

TEST(CliVietQr, PublishedSamplesComeOutByteForByte)
{
    TempDir dir;
    const auto data = dir / "none";
    int dynamicSamples = 0;
    for (const auto& [kind, payload] : vietQrSamples()) {
        if (kind != "dynamic")
            continue;
        ++dynamicSamples;
        SCOPED_TRACE(payload);
        const auto p = parsed(data, payload).at("payment");
        const auto r = ocop(data, {"vietqr", "--amount", std::to_string(p.at("amount").get<std::int64_t>()), "--ref",
                                   p.at("purpose").get<std::string>(), "--bin", p.at("bank_bin").get<std::string>(),
                                   "--account", p.at("account").get<std::string>()});
        ASSERT_EQ(r.exitCode, 0) << r.describe();
        EXPECT_EQ(r.out, payload + "\n");
        EXPECT_TRUE(r.err.empty()) << r.describe();
    }
    EXPECT_GE(dynamicSamples, 2);
}

TEST(CliVietQr, TheTerminalsBankAccountIsTheDefault)
{
    TempDir dir;
    const auto data = dir / "terminal";
    ASSERT_EQ(ocop(data, {"init", "--demo", "--products", "12"}).exitCode, 0);

    // The demo showroom has an account; without one: a one-line reason and nothing printed.
    EXPECT_EQ(ocopJson(data, {"vietqr", "--amount", "50000"}).at("bank_bin"), "970415");
    setSetting(data, "bank_bin", "");
    expectUsageRefusal(ocop(data, {"vietqr", "--amount", "50000"}), "no bank account");
    expectUsageRefusal(ocop(dir / "missing", {"vietqr", "--amount", "50000", "--bin", "970436"}), "no bank account");

    // Set as support would, checked as it is set.
    EXPECT_EQ(ocop(data, {"config", "set", "bank_bin", "97043"}).exitCode, 2);
    EXPECT_EQ(ocop(data, {"config", "set", "bank_account", "0011-004567890"}).exitCode, 2);
    expectUsageRefusal(ocop(data, {"config", "set", "receipt_vietqr", "yes"}), "receipt_vietqr must be 0 or 1");
    EXPECT_EQ(ocop(data, {"config", "get", "receipt_vietqr"}).out, "0\n") << "a refused value changes nothing";
    ASSERT_EQ(ocop(data, {"config", "set", "bank_bin", "970436"}).exitCode, 0);
    ASSERT_EQ(ocop(data, {"config", "set", "bank_account", "0011004567890"}).exitCode, 0);
    const auto j = ocopJson(data, {"vietqr", "--amount", "125.000", "--ref", "Đơn HK01-T1-000042"});
    EXPECT_EQ(j.at("bank_bin"), "970436");
    EXPECT_EQ(j.at("account"), "0011004567890");
    EXPECT_EQ(j.at("amount"), 125000);
    EXPECT_EQ(j.at("purpose"), "Don HK01T1000042");
    const std::string payload = j.at("payload");
    EXPECT_EQ(j.at("crc"), payload.substr(payload.size() - 4));

    const auto back = parsed(data, payload).at("payment");
    EXPECT_EQ(back.at("vietqr"), true);
    EXPECT_EQ(back.at("dynamic"), true);
    EXPECT_EQ(back.at("bank_bin"), "970436");
    EXPECT_EQ(back.at("account"), "0011004567890");
    EXPECT_EQ(back.at("amount"), 125000);
    EXPECT_EQ(back.at("purpose"), "Don HK01T1000042");

    // Options win over the settings.
    const auto other = ocopJson(data, {"vietqr", "--amount", "10k", "--account", "1234567"});
    EXPECT_EQ(other.at("bank_bin"), "970436");
    EXPECT_EQ(other.at("account"), "1234567");
    EXPECT_EQ(other.at("amount"), 10000);
}

TEST(CliVietQr, BadInputIsRefusedWithOneLine)
{
    TempDir dir;
    const auto data = dir / "none";
    const std::vector<std::string> bank{"--bin", "970415", "--account", "0011001932418"};
    const auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "vietqr");
        args.insert(args.end(), bank.begin(), bank.end());
        return ocop(data, args);
    };
    expectUsageRefusal(with({}), "usage: ocop vietqr");
    expectUsageRefusal(with({"--amount", "0"}), "--amount must be more than 0");
    expectUsageRefusal(with({"--amount", "12abc"}), "--amount must be a whole number");
    expectUsageRefusal(with({"--amount", "99999999999999"}), "at most 13 digits");
    expectUsageRefusal(ocop(data, {"vietqr", "--amount", "1000", "--bin", "97041", "--account", "1"}),
                       "BIN must be 6 digits");
    expectUsageRefusal(ocop(data, {"vietqr", "--amount", "1000", "--bin", "970415", "--account", "12-34"}),
                       "account must be 1 to 19 letters or digits");
}

TEST(CliScan, PhotosGiveFormatTextKindAndProduct)
{
    TempDir dir;
    const auto data = dir / "terminal";
    ASSERT_EQ(ocop(data, {"init", "--demo", "--products", "12"}).exitCode, 0);
    const std::string set = std::string(OCOP_SHARED_DIR) + "/testdata/scan/";
    std::ifstream expectedFile(set + "qrcode-3/22.txt", std::ios::binary);
    const std::string expected((std::istreambuf_iterator<char>(expectedFile)), std::istreambuf_iterator<char>());
    const auto j = ocopJson(data, {"scan", set + "qrcode-3/22.png", set + "falsepositives-1/#245.png",
                                   set + "datamatrix-2/01.png"});
    ASSERT_EQ(j.size(), 3u);
    ASSERT_EQ(j[0].at("codes").size(), 1u) << j.dump(2);
    EXPECT_EQ(j[0]["codes"][0].at("format"), "QR_CODE");
    EXPECT_EQ(j[0]["codes"][0].at("text"), expected);
    EXPECT_EQ(j[0]["codes"][0]["classified"].at("kind"), "unknown");
    EXPECT_TRUE(j[0]["codes"][0].at("product").is_null());
    EXPECT_TRUE(j[1].at("codes").empty()) << "a photo without a code reports nothing";
    ASSERT_EQ(j[2].at("codes").size(), 1u);
    EXPECT_EQ(j[2]["codes"][0].at("format"), "DATA_MATRIX");
    EXPECT_EQ(j[2]["codes"][0]["classified"].at("kind"), "trace_url") << "a URL, not in this catalog";
    EXPECT_FALSE(j[2]["codes"][0].at("problem").get<std::string>().empty());

    // An unreadable image is bad input: exit 2, one line, nothing decoded.
    expectUsageRefusal(ocop(data, {"scan", set + "qrcode-3/22.png", dir / "missing.png"}), "cannot read");
    expectUsageRefusal(ocop(data, {"scan", set + "qrcode-3/22.txt"}), "cannot read");
}
