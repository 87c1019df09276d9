// ocop-central's admin commands: the exit-code contract, CSV import that
// names bad lines and imports nothing, export, reports.
#include "central_support.h"

#include "core/timeutil.h"
#include "core/uuid.h"
#include "sync/central/central_store.h"
#include "sync/protocol/wire.h"

using namespace central_test;

namespace {

class CentralCli : public ::testing::Test {
protected:
    RunResult run(std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--db", db});
        return runCentral(args);
    }
    void write(const std::string& path, const std::string& text)
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    std::size_t productCount()
    {
        auto r = run({"catalog", "export"});
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        std::size_t lines = 0;
        for (char c : r.out)
            lines += c == '\n';
        return lines - 1;
    }
    TempDir dir;
    std::string db = "sqlite:" + dir / "central.db";
};

const char* kGood = "code,gtin,name,group,stars,price,vat_rate,producer_id,producer_name,producer_kind,district\n"
                    "OCOP-1,,Trà Shan tuyết,food,4,125000,8,NSX-1,HTX Chè Ba Vì,cooperative,Ba Vì\n"
                    "OCOP-2,,\"Gốm men lam, Bát Tràng\",handicraft,5,\"1.250.000\",10,NSX-1,,,\n";

TEST_F(CentralCli, ImportWithBadRowsNamesThemAndImportsNothing)
{
    const std::string csv = dir / "bad.csv";
    write(csv, std::string(kGood) + "OCOP-3,,Mật ong,food,7,90000,8,NSX-1,,,\n"
                                    "OCOP-4,,Bánh,food,3,abc,8,NSX-1,,,\n"
                                    "OCOP-5,,Nem,food,3,1000,8,NSX-1,,,\n");
    auto r = run({"catalog", "import", csv});
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_NE(r.err.find("bad.csv:4: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad.csv:5: "), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(":2: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing imported"), std::string::npos);
    EXPECT_EQ(productCount(), 0u);

    r = run({"catalog", "import", csv, "--skip-bad"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_NE(r.err.find("bad.csv:4: "), std::string::npos);
    EXPECT_EQ(productCount(), 3u);
}

TEST_F(CentralCli, ImportExportRoundTripAndIdempotence)
{
    const std::string csv = dir / "good.csv";
    write(csv, "\xEF\xBB\xBF" + std::string(kGood));
    auto r = run({"catalog", "import", csv, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(json::parse(r.out)["products_changed"], 2);
    r = run({"catalog", "import", csv, "--json"});
    EXPECT_EQ(json::parse(r.out)["products_changed"], 0);
    const std::string out = dir / "export.csv";
    ASSERT_EQ(run({"catalog", "export", "--csv", out}).exitCode, 0);
    std::ifstream in(out);
    std::stringstream s;
    s << in.rdbuf();
    EXPECT_NE(s.str().find("\"Gốm men lam, Bát Tràng\""), std::string::npos);
    EXPECT_NE(s.str().find("1250000"), std::string::npos);
    r = run({"catalog", "import", out, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(json::parse(r.out)["products_changed"], 0);
}

TEST_F(CentralCli, ExitCodesAndOneLineErrors)
{
    auto r = run({"points", "add", "HK01", "--name", "Hoàn Kiếm"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    r = run({"points", "add", "HK01", "--name", "again"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    r = run({"points", "add", "HK 02", "--name", "x"});
    EXPECT_EQ(r.exitCode, 2);
    r = run({"enroll-code", "NOPE"});
    EXPECT_EQ(r.exitCode, 2);
    r = run({"enroll-code", "HK01"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out.size(), 20u) << r.out; // XXXX-XXXX-XXXX-XXXX\n
    r = run({"frobnicate"});
    EXPECT_EQ(r.exitCode, 2);
    r = run({"catalog", "import", dir / "missing.csv"});
    EXPECT_EQ(r.exitCode, 2);
    r = run({"report", "sales", "--from", "2026-13-01"});
    EXPECT_EQ(r.exitCode, 2);
    r = run({"report", "sales", "--json"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(json::parse(r.out)["days"].size(), 0u);
    r = run({"report", "sales", "--xlsx", dir / "no-such-dir/sales.xlsx"});
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    r = run({"report", "sales", "--xlsx", dir / "sales.xlsx"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(std::filesystem::exists(dir / "sales.xlsx"));
    r = run({"report", "stock", "--xlsx", dir / "stock.xlsx"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_TRUE(std::filesystem::exists(dir / "stock.xlsx"));
    r = run({"serve", "--listen", "nonsense"});
    EXPECT_EQ(r.exitCode, 2);
    r = runCentral({"--db", "postgresql:///nosuchdb?host=/nonexistent", "terminals", "list"});
    EXPECT_EQ(r.exitCode, 1) << r.describe();
    r = run({"--help"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("producer_kind"), std::string::npos);
    r = run({"catalog", "seed-demo"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(productCount(), 1054u);
    r = run({"terminals", "list", "--json"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(json::parse(r.out).is_array());
}

// `events show` prints a stored event as the terminal sent it, whichever
// way the terminal is named; what is not stored is exit 2 with one line.
TEST_F(CentralCli, EventsShowPrintsTheStoredJson)
{
    ASSERT_EQ(run({"points", "add", "HK01", "--name", "Hoàn Kiếm"}).exitCode, 0);
    const auto code = run({"enroll-code", "HK01"});
    ASSERT_EQ(code.exitCode, 0) << code.describe();
    ocop::wire::Event e;
    {
        auto store = ocop::central::openCentralStore(db, 1);
        const auto now = ocop::nowMs();
        const auto enrolled = store->enroll({code.out.substr(0, 19), "Quầy 1"}, now);
        const auto t = *store->authenticate(enrolled.token);
        e.seq = 1;
        e.uuid = ocop::uuidV7(now);
        e.type = "shift.opened";
        e.createdAt = now;
        e.payload = {{"shift_id", "ca-1"},     {"cashier_id", "U001"}, {"cashier", "Nguyễn Thị Lan\tca sáng"},
                     {"point", "HK01"},        {"terminal", t.code},   {"opened_at", now},
                     {"opening_float", 500000}};
        ocop::wire::EventBatch b;
        b.sentAt = now;
        b.events = {e};
        const auto r = store->ingest(t, b, now);
        ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].reason;
    }
    auto r = run({"events", "show", "HK01-T1", "1"});
    EXPECT_EQ(r.exitCode, 0) << r.describe();
    EXPECT_EQ(r.out, ocop::wire::canonicalJson(e) + "\n");
    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"events", "show", "HK01-T1", "2"},
             {"events", "show", "HK01-T9", "1"},
             {"events", "show", "HK01-T1", "one"},
             {"events", "show", "HK01-T1", "0"},
             {"events", "show", "HK01-T1"},
             {"events", "list"}}) {
        r = run(bad);
        EXPECT_EQ(r.exitCode, 2) << bad.back() << ": " << r.describe();
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
}

} // namespace
