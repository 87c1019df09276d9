// End-to-end tests of the real `ocop` executable: each test gets its own data
// directory, runs the binary as a cashier or a support script would, and
// checks its output, its exit code and what it left in the SQLite file.
#include "e2e_support.h"

#include <random>
#include <regex>
#include <set>

#include <sched.h>
#include <sys/mount.h>

using namespace e2e;

namespace {

struct ProductRow {
    std::string code;
    std::string gtin;
    std::string name;
    std::int64_t price = 0;
    int vatRate = 0;
    std::int64_t onHand = 0;
};

// The catalog as the file holds it, with stock: used only to pick products
// for a scenario; every figure checked comes from `ocop` itself.
std::vector<ProductRow> catalogRows(const fs::path& data)
{
    ReadOnlyDb db(dbPath(data));
    std::vector<ProductRow> out;
    for (const auto& r : db.query("SELECT p.code, coalesce(p.gtin, ''), p.name_vi, p.price, p.vat_rate, "
                                  "coalesce((SELECT sum(quantity) FROM stock_movements m WHERE m.product_code = p.code), 0) "
                                  "FROM products p WHERE p.active = 1 ORDER BY p.code"))
        out.push_back({r[0], r[1], r[2], std::stoll(r[3]), std::stoi(r[4]), std::stoll(r[5])});
    return out;
}

const ProductRow& pick(const std::vector<ProductRow>& rows, const std::function<bool(const ProductRow&)>& want,
                       const std::set<std::string>& exclude = {})
{
    for (const auto& r : rows)
        if (!exclude.count(r.code) && want(r))
            return r;
    throw std::runtime_error("the demo catalog has no product for this scenario");
}

// Checks the contract for refused input: exit 2, nothing on stdout, exactly
// one line on stderr, and the database exactly as it was (content and bytes).
void expectRefused(const fs::path& data, const std::vector<std::string>& args, const std::string& mention = "")
{
    std::string cmdline;
    for (const auto& a : args)
        cmdline += a + " ";
    SCOPED_TRACE("ocop " + cmdline);
    const auto db = dbPath(data);
    const auto contentBefore = contentFingerprint(db);
    const auto bytesBefore = readFile(db);
    const auto r = ocop(data, args);
    ASSERT_TRUE(r.exited()) << r.describe();
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_TRUE(r.out.empty()) << r.describe();
    const auto lines = r.errLines();
    ASSERT_EQ(lines.size(), 1u) << r.describe();
    EXPECT_EQ(r.err.back(), '\n') << r.describe();
    EXPECT_GT(lines[0].size(), 8u) << "the reason should say something";
    if (!mention.empty()) {
        std::string lower = lines[0];
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        EXPECT_NE(lower.find(mention), std::string::npos) << "stderr should mention '" << mention << "': " << lines[0];
    }
    const auto contentAfter = contentFingerprint(db);
    EXPECT_EQ(shortHash(contentAfter), shortHash(contentBefore)) << "the database content changed";
    EXPECT_TRUE(readFile(db) == bytesBefore) << "the database file bytes changed";
}

std::int64_t sumLines(const json& sale, const char* field)
{
    std::int64_t s = 0;
    for (const auto& l : sale.at("lines"))
        s += l.at(field).get<std::int64_t>();
    return s;
}

std::int64_t seqOf(const std::string& receipt)
{
    const auto dash = receipt.rfind('-');
    return std::stoll(receipt.substr(dash + 1));
}

// The calendar day in Vietnam (UTC+7, no daylight saving) of a UTC time.
std::string vietnamDate(std::int64_t utcMs)
{
    using namespace std::chrono;
    const sys_days d = floor<days>(sys_time<milliseconds>(milliseconds(utcMs + 7 * 3600 * 1000)));
    const year_month_day ymd(d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

std::uint32_t bigEndian32(const std::string& b, std::size_t at)
{
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

// Width and height from a PNG's IHDR, after checking the signature.
std::pair<std::uint32_t, std::uint32_t> pngSize(const std::string& png)
{
    static const std::string sig("\x89PNG\r\n\x1a\n", 8);
    if (png.size() < 33 || png.compare(0, 8, sig) != 0)
        throw std::runtime_error("not a PNG file");
    if (png.compare(12, 4, "IHDR") != 0 || bigEndian32(png, 8) != 13)
        throw std::runtime_error("the PNG does not start with an IHDR chunk");
    return {bigEndian32(png, 16), bigEndian32(png, 20)};
}

} // namespace

// ---------------------------------------------------------------- init and stats

TEST(CliInit, DemoReproducesThePublishedFiguresAndASecondInitRefuses)
{
    TempDir dir;
    const auto data = dir / "terminal";
    const auto init = ocop(data, {"init", "--demo", "--json"});
    ASSERT_EQ(init.exitCode, 0) << init.describe();
    const auto ij = init.outJson();
    EXPECT_EQ(ij.at("products"), 1054);
    EXPECT_EQ(ij.at("producers"), 255);

    const auto s = ocopJson(data, {"stats"});
    EXPECT_EQ(s.at("products"), 1054);
    EXPECT_EQ(s.at("producers"), 255);
    EXPECT_EQ(s.at("producers_by_kind").at("enterprise"), 72);
    EXPECT_EQ(s.at("producers_by_kind").at("cooperative"), 82);
    EXPECT_EQ(s.at("producers_by_kind").at("household"), 101);
    const auto& g = s.at("products_by_group");
    EXPECT_EQ(g.at("food"), 691);
    EXPECT_EQ(g.at("drinks"), 30);
    EXPECT_EQ(g.at("herbal"), 7);
    EXPECT_EQ(g.at("textile"), 27);
    EXPECT_EQ(g.at("souvenir"), 299);
    std::int64_t groupSum = 0;
    for (const auto& [k, v] : g.items())
        groupSum += v.get<std::int64_t>();
    EXPECT_EQ(groupSum, 1054) << "no product may sit outside the five published groups";
    EXPECT_EQ(s.at("potential_five_star"), 17);
    EXPECT_GE(s.at("points").get<int>(), 30);
    std::int64_t starSum = 0;
    for (const auto& [k, v] : s.at("products_by_stars").items()) {
        EXPECT_TRUE(k == "3" || k == "4" || k == "5") << k;
        starSum += v.get<std::int64_t>();
    }
    EXPECT_EQ(starSum, 1054);

    // The demo terminal has opening stock, a transactional outbox and no sales.
    {
        ReadOnlyDb db(dbPath(data));
        EXPECT_EQ(db.scalar("PRAGMA integrity_check"), "ok");
        EXPECT_GT(db.integer("SELECT count(*) FROM stock_movements WHERE kind = 'opening'"), 0);
        EXPECT_EQ(db.integer("SELECT count(*) FROM sales"), 0);
        EXPECT_EQ(db.integer("SELECT max(seq) FROM outbox"), db.integer("SELECT count(*) FROM outbox"));
    }
    EXPECT_TRUE(fs::exists(dbPath(data)));
    EXPECT_FALSE(fs::exists(data / "terminal.db.partial"));

    // A second init must refuse and leave the file byte for byte.
    expectRefused(data, {"init", "--demo"}, "exists");
    expectRefused(data, {"init", "--demo", "--products", "10"}, "exists");
}

// ---------------------------------------------------------------- search

TEST(CliSearch, WithAndWithoutDiacriticsAndByGtin)
{
    TempDir dir;
    const auto data = dir / "terminal";
    initDemo(data);

    auto search = [&](const std::string& q, int limit = 50) {
        return ocopJson(data, {"products", "search", q, "--limit", std::to_string(limit)});
    };
    auto codes = [](const json& arr) {
        std::vector<std::string> c;
        for (const auto& p : arr)
            c.push_back(p.at("code").get<std::string>());
        return c;
    };
    auto checkShape = [](const json& p) {
        SCOPED_TRACE(p.dump());
        ASSERT_TRUE(p.is_object());
        EXPECT_TRUE(p.at("code").is_string());
        EXPECT_FALSE(p.at("code").get<std::string>().empty());
        ASSERT_TRUE(p.at("gtin").is_string());
        const auto gtin = p.at("gtin").get<std::string>();
        EXPECT_TRUE(std::regex_match(gtin, std::regex("[0-9]{8}|[0-9]{12,14}"))) << gtin;
        EXPECT_TRUE(p.at("name").is_string());
        ASSERT_TRUE(p.at("price").is_number_integer());
        EXPECT_GT(p.at("price").get<std::int64_t>(), 0);
        ASSERT_TRUE(p.at("stars").is_number_integer());
        EXPECT_GE(p.at("stars").get<int>(), 3);
        EXPECT_LE(p.at("stars").get<int>(), 5);
        ASSERT_TRUE(p.at("group").is_string());
        EXPECT_FALSE(p.at("group").get<std::string>().empty());
    };

    const auto accented = search("bánh", 2000);
    const auto plain = search("banh", 2000);
    const auto upper = search("BANH", 2000);
    ASSERT_FALSE(plain.empty());
    EXPECT_GE(plain.size(), 20u) << "the demo catalog has many cakes";
    for (const auto& p : plain) {
        checkShape(p);
        EXPECT_NE(foldVi(p.at("name").get<std::string>()).find("banh"), std::string::npos) << p.at("name");
    }
    EXPECT_EQ(codes(accented), codes(plain)) << "a typed accent must not change the result";
    EXPECT_EQ(codes(upper), codes(plain)) << "case must not change the result";

    // Nothing whose name has "bánh" is missed.
    std::set<std::string> found;
    for (const auto& c : codes(plain))
        found.insert(c);
    for (const auto& row : catalogRows(data))
        if (foldVi(row.name).find("banh") != std::string::npos) {
            EXPECT_TRUE(found.count(row.code)) << row.code << " " << row.name << " not found by 'banh'";
        }

    // The default limit is honoured.
    EXPECT_LE(ocopJson(data, {"products", "search", "banh"}).size(), 20u);
    EXPECT_EQ(search("banh", 3).size(), 3u);

    const auto pottery = search("gom bat trang");
    ASSERT_FALSE(pottery.empty());
    for (const auto& p : pottery) {
        checkShape(p);
        const auto name = foldVi(p.at("name").get<std::string>());
        EXPECT_NE(name.find("gom"), std::string::npos) << p.at("name");
        EXPECT_NE(name.find("bat trang"), std::string::npos) << p.at("name");
    }
    EXPECT_EQ(codes(search("gốm Bát Tràng")), codes(pottery));

    // By the barcode's digits, and by the product code.
    const auto rows = catalogRows(data);
    for (const auto* row : {&rows.front(), &rows[rows.size() / 2], &rows.back()}) {
        ASSERT_FALSE(row->gtin.empty());
        const auto byGtin = search(row->gtin);
        ASSERT_FALSE(byGtin.empty()) << row->gtin;
        EXPECT_EQ(byGtin.front().at("code"), row->code);
        EXPECT_EQ(byGtin.front().at("gtin"), row->gtin);
        EXPECT_EQ(byGtin.front().at("price"), row->price);
        const auto byCode = search(row->code);
        ASSERT_FALSE(byCode.empty()) << row->code;
        EXPECT_EQ(byCode.front().at("code"), row->code);
    }

    // A search is a read: no rows appear.
    const auto before = contentFingerprint(dbPath(data));
    search("zzzz khong co");
    EXPECT_EQ(shortHash(contentFingerprint(dbPath(data))), shortHash(before));
}

// ---------------------------------------------------------------- selling day

TEST(CliSell, SalesReturnsReportAndReceiptsAgree)
{
    TempDir dir;
    const auto data = dir / "terminal";
    initDemo(data);
    const auto rows = catalogRows(data);
    const auto& a = pick(rows, [](const ProductRow& r) { return r.vatRate == 8 && r.price <= 150000 && r.onHand >= 10; });
    const auto& b = pick(rows, [](const ProductRow& r) { return r.vatRate == 5 && r.price <= 150000 && r.onHand >= 10; },
                         {a.code});
    const auto& c = pick(rows, [](const ProductRow& r) { return r.vatRate == 10 && r.onHand >= 10; }, {a.code, b.code});
    const auto stock0 = stockMap(data);
    ASSERT_EQ(stock0.size(), 1054u);

    // --- sale 1: two lines at two VAT rates, cash with change
    const auto s1r = ocop(data, {"sell", a.code + "x2", b.code, "--pay", "cash:500000", "--json"});
    ASSERT_EQ(s1r.exitCode, 0) << s1r.describe();
    const auto s1 = s1r.outJson();
    const std::int64_t total1 = 2 * a.price + b.price;
    const auto receipt1 = s1.at("receipt").get<std::string>();
    EXPECT_TRUE(std::regex_match(receipt1, std::regex("[A-Z0-9]+-[A-Z0-9]+-[0-9]+"))) << receipt1;
    EXPECT_EQ(s1.at("total"), total1);
    EXPECT_EQ(s1.at("paid"), 500000);
    EXPECT_EQ(s1.at("change"), 500000 - total1);
    EXPECT_EQ(s1.at("vat"), vatIncluded(2 * a.price, 8) + vatIncluded(b.price, 5));
    ASSERT_EQ(s1.at("lines").size(), 2u);
    EXPECT_EQ(s1.at("lines")[0].at("code"), a.code);
    EXPECT_EQ(s1.at("lines")[0].at("quantity"), 2);
    EXPECT_EQ(s1.at("lines")[0].at("unit_price"), a.price);
    EXPECT_EQ(s1.at("lines")[0].at("net"), 2 * a.price);
    EXPECT_EQ(s1.at("lines")[1].at("code"), b.code);
    EXPECT_EQ(s1.at("lines")[1].at("quantity"), 1);
    EXPECT_EQ(s1.at("lines")[1].at("net"), b.price);
    EXPECT_EQ(sumLines(s1, "net"), total1);
    ASSERT_EQ(s1.at("payments").size(), 1u);
    EXPECT_EQ(s1.at("payments")[0].at("method"), "cash");
    EXPECT_EQ(s1.at("payments")[0].at("amount"), 500000);

    // --- sale 2: split card + cash, change only from cash
    const std::int64_t total2 = c.price;
    const std::int64_t card2 = total2 / 2;
    const std::int64_t cash2 = (total2 - card2) + 20000;
    const auto s2r = ocop(data, {"sell", c.gtin, "--pay", "card:" + std::to_string(card2) + ":VCB-4711", "--pay",
                                 "cash:" + std::to_string(cash2), "--json"});
    ASSERT_EQ(s2r.exitCode, 0) << s2r.describe();
    const auto s2 = s2r.outJson();
    const auto receipt2 = s2.at("receipt").get<std::string>();
    EXPECT_EQ(s2.at("total"), total2);
    EXPECT_EQ(s2.at("change"), 20000);
    EXPECT_EQ(s2.at("vat"), vatIncluded(total2, 10));
    ASSERT_EQ(s2.at("payments").size(), 2u);
    EXPECT_EQ(s2.at("payments")[0].at("method"), "card");
    EXPECT_EQ(s2.at("payments")[0].at("amount"), card2);
    EXPECT_EQ(s2.at("payments")[0].at("reference"), "VCB-4711");
    EXPECT_EQ(s2.at("payments")[1].at("method"), "cash");
    EXPECT_EQ(s2.at("payments")[1].at("amount"), cash2);
    EXPECT_EQ(s2.at("lines")[0].at("code"), c.code) << "a GTIN sells its product";

    // --- sale 3: a cart discount within the cashier's limit, exact cash
    const auto s3r = ocop(data, {"sell", a.code, b.code, c.code, "--discount", "5%", "--pay", "cash", "--json"});
    ASSERT_EQ(s3r.exitCode, 0) << s3r.describe();
    const auto s3 = s3r.outJson();
    const auto receipt3 = s3.at("receipt").get<std::string>();
    const std::int64_t gross3 = a.price + b.price + c.price;
    EXPECT_EQ(s3.at("gross"), gross3);
    EXPECT_GT(s3.at("discount").get<std::int64_t>(), 0);
    EXPECT_EQ(s3.at("total").get<std::int64_t>(), gross3 - s3.at("discount").get<std::int64_t>());
    EXPECT_EQ(sumLines(s3, "net"), s3.at("total").get<std::int64_t>()) << "line nets must add up to the total";
    EXPECT_EQ(s3.at("change"), 0);
    EXPECT_EQ(s3.at("paid"), s3.at("total"));
    std::int64_t vat3 = 0;
    for (const auto& l : s3.at("lines"))
        vat3 += vatIncluded(l.at("net").get<std::int64_t>(), l.at("vat_rate").get<int>());
    EXPECT_EQ(s3.at("vat"), vat3) << "one line per rate here, so per-rate VAT equals the lines' VAT";
    const std::int64_t total3 = s3.at("total").get<std::int64_t>();

    // Receipt numbers: POINT-TERMINAL-SEQ, consecutive.
    const auto report0 = ocopJson(data, {"report", "day"});
    const std::string prefix =
        report0.at("point").get<std::string>() + "-" + report0.at("terminal").get<std::string>() + "-";
    for (const auto& r : {receipt1, receipt2, receipt3})
        EXPECT_EQ(r.rfind(prefix, 0), 0u) << r;
    EXPECT_EQ(seqOf(receipt1), 1);
    EXPECT_EQ(seqOf(receipt2), seqOf(receipt1) + 1);
    EXPECT_EQ(seqOf(receipt3), seqOf(receipt2) + 1);
    EXPECT_EQ(s2.at("receipt_seq"), seqOf(receipt2));

    // Stock fell by exactly what was sold, and nothing else moved.
    auto expected = stock0;
    expected[a.code] -= 3;
    expected[b.code] -= 2;
    expected[c.code] -= 2;
    EXPECT_EQ(stockMap(data), expected);
    EXPECT_EQ(ocopJson(data, {"stock", "--code", a.code}).at("on_hand"), expected[a.code]);

    // --- returns: one of the two A's from sale 1, then all of sale 2
    const auto r1r = ocop(data, {"return", receipt1, a.code, "--json"});
    ASSERT_EQ(r1r.exitCode, 0) << r1r.describe();
    const auto r1 = r1r.outJson();
    EXPECT_EQ(r1.at("total"), a.price);
    EXPECT_EQ(r1.at("original_receipt"), receipt1);
    EXPECT_EQ(seqOf(r1.at("receipt").get<std::string>()), seqOf(receipt3) + 1) << "returns share the receipt sequence";
    ASSERT_EQ(r1.at("refunds").size(), 1u);
    EXPECT_EQ(r1.at("refunds")[0].at("method"), "cash");
    expected[a.code] += 1;

    // More than is left on the receipt: refused, nothing changed.
    expectRefused(data, {"return", receipt1, a.code + "x2"}, "more than");
    expectRefused(data, {"return", receipt1, c.code}, "not on receipt");
    expectRefused(data, {"return", prefix + "999999"}, "no sale");

    const auto r2r = ocop(data, {"return", receipt2, "--json"});
    ASSERT_EQ(r2r.exitCode, 0) << r2r.describe();
    const auto r2 = r2r.outJson();
    EXPECT_EQ(r2.at("total"), total2) << "a full return refunds the whole sale";
    ASSERT_EQ(r2.at("lines").size(), 1u);
    EXPECT_EQ(r2.at("lines")[0].at("quantity"), 1);
    EXPECT_EQ(r2.at("refunds")[0].at("method"), "card") << "refunded to the sale's first method by default";
    expected[c.code] += 1;
    EXPECT_EQ(stockMap(data), expected);
    expectRefused(data, {"return", receipt2}, "already been returned");
    expectRefused(data, {"return", receipt2, c.code}, "more than");

    // --- the day report agrees with the receipts to the đồng. Days are
    // Vietnam days (UTC+7); a run straddling midnight there checks nothing.
    const auto day = vietnamDate(s1.at("created_at").get<std::int64_t>());
    bool oneDay = true;
    for (const auto* j : {&s2, &s3, &r1, &r2})
        oneDay = oneDay && vietnamDate(j->at("created_at").get<std::int64_t>()) == day;
    if (!oneDay)
        std::printf("[ e2e ] the sales straddle midnight in Vietnam; the day report is not checked\n");
    const auto rep = oneDay ? ocopJson(data, {"report", "day", "--date", day}) : json{};
    EXPECT_TRUE(!oneDay || rep.at("date") == day);
    if (oneDay) {
        EXPECT_EQ(rep.at("sales_count"), 3);
        EXPECT_EQ(rep.at("total"), total1 + total2 + total3);
        EXPECT_EQ(rep.at("vat"), s1.at("vat").get<std::int64_t>() + s2.at("vat").get<std::int64_t>() +
                                     s3.at("vat").get<std::int64_t>());
        EXPECT_EQ(rep.at("discounts"), s3.at("discount"));
        EXPECT_EQ(rep.at("items_sold"), 3 + 1 + 3);
        EXPECT_EQ(rep.at("by_method").at("cash"), total1 + (cash2 - 20000) + total3) << "cash is net of change";
        EXPECT_EQ(rep.at("by_method").at("card"), card2);
        std::int64_t byMethod = 0;
        for (const auto& [k, v] : rep.at("by_method").items())
            byMethod += v.get<std::int64_t>();
        EXPECT_EQ(byMethod, rep.at("total").get<std::int64_t>()) << "payments net of change equal the sales total";
        EXPECT_EQ(rep.at("returns_count"), 2);
        EXPECT_EQ(rep.at("returns_total"), a.price + total2);
        EXPECT_EQ(rep.at("net"), total1 + total2 + total3 - a.price - total2);
        EXPECT_EQ(rep.at("refunds_by_method").at("cash"), a.price);
        EXPECT_EQ(rep.at("refunds_by_method").at("card"), total2);
    }

    // --- receipts as PNG and ESC/POS
    const auto png = dir / "r1.png";
    const auto escpos = dir / "r1.bin";
    const auto rr = ocop(data, {"receipt", receipt1, "--png", png.string(), "--escpos", escpos.string(), "--json"});
    ASSERT_EQ(rr.exitCode, 0) << rr.describe();
    EXPECT_TRUE(rr.err.empty()) << "a successful render says nothing on stderr: " << rr.err;
    const auto rj = rr.outJson();
    const auto [w, h] = pngSize(readFile(png));
    EXPECT_EQ(w, 576u) << "80 mm paper is 576 dots";
    EXPECT_GT(h, 200u);
    EXPECT_EQ(rj.at("width"), w);
    EXPECT_EQ(rj.at("height"), h);
    const auto bytes = readFile(escpos);
    ASSERT_GE(bytes.size(), 8u);
    EXPECT_EQ(bytes.substr(0, 2), std::string("\x1b\x40", 2)) << "ESC @ initialises the printer";
    EXPECT_NE(bytes.find(std::string("\x1d\x76\x30", 3)), std::string::npos) << "GS v 0 raster image";
    EXPECT_EQ(rj.at("escpos_bytes"), bytes.size());

    const auto png58 = dir / "r2-58.png";
    const auto r58 = ocop(data, {"receipt", r2.at("receipt").get<std::string>(), "--width", "58", "--png", png58.string()});
    ASSERT_EQ(r58.exitCode, 0) << r58.describe();
    EXPECT_EQ(pngSize(readFile(png58)).first, 384u) << "58 mm paper is 384 dots";

    expectRefused(data, {"receipt", prefix + "999999", "--png", (dir / "none.png").string()}, "no receipt");
    EXPECT_FALSE(fs::exists(dir / "none.png"));
    expectRefused(data, {"receipt", receipt1, "--png", (dir / "no-such-dir" / "x.png").string()}, "cannot write");
    expectRefused(data, {"receipt", receipt1, "--width", "72", "--png", (dir / "x.png").string()}, "58 or 80");

    // Everything the cashier did is in the outbox, in one gap-free sequence.
    ReadOnlyDb db(dbPath(data));
    EXPECT_EQ(db.integer("SELECT count(*) FROM outbox WHERE type = 'sale.completed'"), 3);
    EXPECT_EQ(db.integer("SELECT count(*) FROM outbox WHERE type = 'sale.returned'"), 2);
    EXPECT_EQ(db.integer("SELECT max(seq) FROM outbox"), db.integer("SELECT count(*) FROM outbox"));
    EXPECT_EQ(db.scalar("PRAGMA integrity_check"), "ok");
}

// ---------------------------------------------------------------- bad input

TEST(CliBadInput, EachIsRefusedWithOneLineAndChangesNothing)
{
    TempDir dir;
    const auto data = dir / "terminal";
    initDemo(data);
    const auto rows = catalogRows(data);
    const auto& p = pick(rows, [](const ProductRow& r) { return r.onHand >= 5 && r.price < 400000 && r.gtin.size() == 13; });
    // One good sale first, so a shift is open and there is a receipt.
    const auto sale = ocopJson(data, {"sell", p.code, "--pay", "cash:500000"});
    const auto receipt = sale.at("receipt").get<std::string>();

    std::string badGtin = p.gtin;
    badGtin.back() = static_cast<char>('0' + (badGtin.back() - '0' + 1) % 10);
    const std::string price = std::to_string(p.price);

    expectRefused(data, {"sell", "NO-SUCH-CODE", "--pay", "cash"}, "no product");
    expectRefused(data, {"sell", badGtin, "--pay", "cash"}, "check digit");
    expectRefused(data, {"sell", p.code + "x0", "--pay", "cash"}, "at least 1");
    expectRefused(data, {"sell", p.code + "x-1", "--pay", "cash"});
    expectRefused(data, {"sell", p.code, "--pay", "cash:" + std::to_string(p.price - 1)}, "do not cover");
    expectRefused(data, {"sell", p.code, "--pay", "card:" + std::to_string(p.price + 1)}, "change");
    expectRefused(data, {"sell", p.code, "--pay", "card:" + price, "--pay", "card:1000"}, "change");
    expectRefused(data, {"sell", p.code, "--pay", "cash:" + price, "--pay", "cash"}, "not needed");
    expectRefused(data, {"sell", p.code, "--pay", "bitcoin:" + price}, "unknown payment method");
    expectRefused(data, {"sell", p.code, "--pay", "cash:12abc"}, "amount");
    expectRefused(data, {"sell", p.code, "--pay", "cash:0"});
    expectRefused(data, {"sell", p.code, "--pya", "card:" + price}, "unknown option");
    expectRefused(data, {"sell", p.code + "x" + std::to_string(p.onHand + 1), "--pay", "cash"}, "in stock");
    expectRefused(data, {"sell", p.code, "--discount", "50%", "--pay", "cash"}, "approval");
    expectRefused(data, {"sell", p.code, "--cashier", "NOBODY", "--pay", "cash"}, "unknown cashier");
    expectRefused(data, {"sell", "--pay", "cash"}, "usage");
    expectRefused(data, {"frobnicate"}, "unknown command");
    expectRefused(data, {"report", "day", "--date", "2026-13-45"}, "date");
    expectRefused(data, {"stock", "--code", "NO-SUCH-CODE"}, "no product");
    expectRefused(data, {"return", receipt, p.code + "x2"}, "more than");
    expectRefused(data, {"return", receipt, p.code + "x0"}, "at least 1");
    expectRefused(data, {"return", receipt, "--refund", "gold"}, "unknown refund method");
    expectRefused(data, {"products", "search", "banh", "--group", "weapons"}, "unknown group");

    // No command at all: the contract holds too.
    const auto none = run({"--data", data.string()});
    EXPECT_EQ(none.exitCode, 2) << none.describe();
    EXPECT_EQ(none.errLines().size(), 1u) << none.describe();
}

TEST(CliBadInput, ARefusedSaleOnAFreshTerminalOpensNoShift)
{
    // `ocop sell` opens a shift when none is open; a sale refused for stock
    // or approval must not leave that shift (and its outbox event) behind.
    TempDir dir;
    const auto data = dir / "terminal";
    initDemo(data);
    const auto rows = catalogRows(data);
    const auto& p = pick(rows, [](const ProductRow& r) { return r.onHand >= 1 && r.onHand < 9000; });
    EXPECT_EQ(ocopJson(data, {"shift", "status"}).at("open"), false);
    expectRefused(data, {"sell", p.code + "x" + std::to_string(p.onHand + 1), "--pay", "cash"}, "in stock");
    expectRefused(data, {"sell", p.code, "--discount", "60%", "--pay", "cash"}, "approval");
    EXPECT_EQ(ocopJson(data, {"shift", "status"}).at("open"), false);
}

TEST(CliBadInput, AMissingDatabaseIsNotCreated)
{
    TempDir dir;
    const auto missing = dir / "nowhere" / "terminal";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"stats"}, {"sell", "OCOP-00001", "--pay", "cash"}, {"report", "day"}, {"stock"}, {"products", "search", "banh"},
             {"return", "HK01-T1-000001"}, {"receipt", "HK01-T1-000001", "--png", (dir / "x.png").string()},
             {"shift", "open"}, {"init"}}) {
        SCOPED_TRACE(args.front());
        const auto r = ocop(missing, args);
        EXPECT_EQ(r.exitCode, 2) << r.describe();
        EXPECT_EQ(r.errLines().size(), 1u) << r.describe();
        EXPECT_TRUE(r.out.empty()) << r.describe();
        EXPECT_FALSE(fs::exists(dir / "nowhere")) << "a failed command must not create the data directory";
    }
    // An existing but empty directory gets no database either.
    const auto empty = dir / "empty";
    fs::create_directories(empty);
    const auto r = ocop(empty, {"sell", "OCOP-00001"});
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    EXPECT_EQ(r.errLines().size(), 1u) << r.describe();
    EXPECT_FALSE(fs::exists(dbPath(empty)));
    EXPECT_TRUE(fs::is_empty(empty)) << "nothing may be written into a directory that holds no terminal";
}

TEST(CliBadInput, ACorruptDatabaseStaysByteIdentical)
{
    TempDir dir;
    std::mt19937_64 rng(20211123);
    std::uniform_int_distribution<int> byte(0, 255);
    auto randomBytes = [&](std::size_t n) {
        std::string s(n, '\0');
        for (auto& c : s)
            c = static_cast<char>(byte(rng));
        return s;
    };
    // Pure noise, and noise behind a valid-looking SQLite header.
    const std::vector<std::pair<std::string, std::string>> files{
        {"noise", randomBytes(64 * 1024)},
        {"header", std::string("SQLite format 3\0", 16) + randomBytes(64 * 1024 - 16)},
    };
    for (const auto& [name, bytes] : files) {
        SCOPED_TRACE(name);
        const auto data = dir / name;
        fs::create_directories(data);
        writeFile(dbPath(data), bytes);
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"stats"}, {"sell", "OCOP-00001", "--pay", "cash"}, {"report", "day"}, {"init", "--demo"},
                 {"shift", "open"}}) {
            SCOPED_TRACE(args.front());
            const auto r = ocop(data, args);
            EXPECT_EQ(r.exitCode, 2) << r.describe();
            EXPECT_EQ(r.errLines().size(), 1u) << r.describe();
            EXPECT_TRUE(readFile(dbPath(data)) == bytes) << "the damaged file was modified";
        }
        EXPECT_FALSE(fs::exists(data / "terminal.db-journal"));
        if (fs::exists(data / "terminal.db-wal")) {
            EXPECT_EQ(fs::file_size(data / "terminal.db-wal"), 0u);
        }
    }
}

TEST(CliBadInput, AnEmptyDatabaseFileIsNotTakenForATerminal)
{
    // A zero-byte terminal.db (a copy cut short, a stray `touch`) is not a
    // terminal: commands must refuse it rather than turn it into an empty
    // terminal with no catalog that then blocks `init`.
    TempDir dir;
    const auto data = dir / "terminal";
    fs::create_directories(data);
    writeFile(dbPath(data), "");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"stats"}, {"stock"}, {"report", "day"}, {"sell", "OCOP-00001", "--pay", "cash"}, {"shift", "open"}}) {
        SCOPED_TRACE(args.front());
        const auto r = ocop(data, args);
        EXPECT_EQ(r.exitCode, 2) << r.describe();
        EXPECT_EQ(r.errLines().size(), 1u) << r.describe();
        EXPECT_EQ(fs::file_size(dbPath(data)), 0u) << "the empty file was written to";
    }
}

TEST(CliBadInput, ADatabaseLockedByAnotherProcessIsRefused)
{
    TempDir dir;
    const auto data = dir / "terminal";
    initDemo(data);
    const auto rows = catalogRows(data);
    const auto& p = pick(rows, [](const ProductRow& r) { return r.onHand >= 5; });
    const auto contentBefore = contentFingerprint(dbPath(data));

    sqlite3* holder = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dbPath(data).c_str(), &holder, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    auto exec = [&](const char* sql) {
        char* err = nullptr;
        const int rc = sqlite3_exec(holder, sql, nullptr, nullptr, &err);
        const std::string msg = err ? err : "";
        sqlite3_free(err);
        return rc == SQLITE_OK ? std::string() : msg;
    };
    ASSERT_EQ(exec("BEGIN EXCLUSIVE"), "");
    ASSERT_EQ(exec("INSERT INTO audit_log(at, action) VALUES (1, 'e2e lock holder')"), "");

    const auto r = ocop(data, {"sell", p.code, "--pay", "cash"});
    EXPECT_EQ(r.exitCode, 2) << r.describe();
    ASSERT_EQ(r.errLines().size(), 1u) << r.describe();
    EXPECT_NE(r.err.find("locked"), std::string::npos) << r.err;
    EXPECT_GE(r.seconds, 1.0) << "ocop should wait for the lock (busy timeout) before giving up";
    EXPECT_LT(r.seconds, 30.0);

    ASSERT_EQ(exec("ROLLBACK"), "");
    // Now exclusive for readers too: WAL readers are shut out only this way.
    ASSERT_EQ(exec("PRAGMA locking_mode=EXCLUSIVE"), "");
    ASSERT_EQ(exec("BEGIN EXCLUSIVE"), "");
    ASSERT_EQ(exec("INSERT INTO audit_log(at, action) VALUES (1, 'e2e lock holder')"), "");
    const auto r2 = ocop(data, {"report", "day", "--json"});
    EXPECT_EQ(r2.exitCode, 2) << r2.describe();
    ASSERT_EQ(r2.errLines().size(), 1u) << r2.describe();
    EXPECT_NE(r2.err.find("locked"), std::string::npos) << r2.err;
    ASSERT_EQ(exec("ROLLBACK"), "");
    sqlite3_close(holder);

    EXPECT_EQ(shortHash(contentFingerprint(dbPath(data))), shortHash(contentBefore));
    // And once the lock is gone the same sale goes through.
    const auto ok = ocop(data, {"sell", p.code, "--pay", "cash", "--json"});
    EXPECT_EQ(ok.exitCode, 0) << ok.describe();
}

// ---------------------------------------------------------------- full disk

namespace {

// Puts this test process into its own mount namespace with a small tmpfs at
// `where`; children (ocop) inherit it. Needs CAP_SYS_ADMIN: CI runs as root.
std::string mountSmallTmpfs(const fs::path& where, const std::string& size)
{
    if (unshare(CLONE_NEWNS) != 0)
        return std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
    if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return std::string("making / private: ") + std::strerror(errno);
    const std::string opts = "size=" + size + ",mode=0755";
    if (mount("tmpfs", where.c_str(), "tmpfs", 0, opts.c_str()) != 0)
        return std::string("mount tmpfs: ") + std::strerror(errno);
    return {};
}

// Writes until the file system says ENOSPC; returns the bytes written.
std::uintmax_t fillUp(const fs::path& file)
{
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        throw std::runtime_error("open filler: " + std::string(std::strerror(errno)));
    std::string chunk(4096, 'x');
    std::uintmax_t total = 0;
    for (;;) {
        const ssize_t n = ::write(fd, chunk.data(), chunk.size());
        if (n <= 0)
            break;
        total += static_cast<std::uintmax_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    return total;
}

// A read-only SQLite connection needs room for its shared-memory index, which
// a full disk does not have: fingerprint a copy taken off the small disk.
std::string fingerprintViaCopy(const fs::path& data, const fs::path& scratch)
{
    fs::remove_all(scratch);
    fs::create_directories(scratch);
    for (const char* suffix : {"", "-wal"})
        if (fs::exists(dbPath(data).string() + suffix))
            fs::copy_file(dbPath(data).string() + suffix, dbPath(scratch).string() + suffix);
    return contentFingerprint(dbPath(scratch));
}

} // namespace

TEST(CliFullDisk, ASaleOnAFullDiskIsRefusedAndNothingIsLost)
{
    TempDir dir;
    const auto seed = dir / "seed";
    initDemo(seed);
    const auto rows = catalogRows(seed);
    const auto& p = pick(rows, [](const ProductRow& r) { return r.onHand >= 20; });
    const auto first = ocopJson(seed, {"sell", p.code, "--pay", "cash"});

    const auto mnt = dir / "small";
    fs::create_directories(mnt);
    const auto dbSize = fs::file_size(dbPath(seed));
    const std::string size = std::to_string((dbSize / 1024) + 512) + "k";
    if (const auto why = mountSmallTmpfs(mnt, size); !why.empty())
        GTEST_SKIP() << "cannot mount a small tmpfs here (" << why << ")";
    struct Unmount {
        fs::path at;
        ~Unmount() { umount2(at.c_str(), MNT_DETACH); }
    } unmount{mnt};

    const auto data = mnt / "terminal";
    fs::create_directories(data);
    fs::copy_file(dbPath(seed), dbPath(data));
    fs::create_directories(data / "logs");
    const auto filler = mnt / "filler";
    fillUp(filler);

    // With the disk full, and then with a little room that is still not
    // enough, a sale is refused cleanly or (if it fits) fully made.
    std::vector<std::string> madeReceipts{first.at("receipt").get<std::string>()};
    int refused = 0;
    for (const std::uintmax_t room : {0u, 4096u, 12288u, 40960u, 262144u}) {
        SCOPED_TRACE("free bytes " + std::to_string(room));
        if (room > 0) {
            fs::resize_file(filler, fs::file_size(filler) > room ? fs::file_size(filler) - room : 0);
        }
        const auto before = fingerprintViaCopy(data, dir / "copy");
        const auto r = ocop(data, {"sell", p.code, "--pay", "cash", "--json"});
        ASSERT_TRUE(r.exited()) << r.describe();
        std::printf("[ e2e ] %ju bytes free: exit %d %s", room, r.exitCode, r.exitCode == 0 ? "\n" : r.err.c_str());
        if (r.exitCode == 0) {
            madeReceipts.push_back(r.outJson().at("receipt").get<std::string>());
            continue;
        }
        ++refused;
        EXPECT_EQ(r.exitCode, 2) << r.describe();
        EXPECT_EQ(r.errLines().size(), 1u) << r.describe();
        EXPECT_TRUE(r.out.empty()) << r.describe();
        EXPECT_EQ(shortHash(fingerprintViaCopy(data, dir / "copy")), shortHash(before)) << "a refused sale changed the file";
        fillUp(filler.string() + ".more"); // take back whatever the attempt freed
    }
    EXPECT_GE(refused, 1) << "a full disk should refuse at least the first sale";

    // Room again: nothing was lost, the file is sound, and selling resumes.
    fs::remove(filler);
    fs::remove(filler.string() + ".more");
    const auto after = ocop(data, {"sell", p.code, "--pay", "cash", "--json"});
    ASSERT_EQ(after.exitCode, 0) << after.describe();
    madeReceipts.push_back(after.outJson().at("receipt").get<std::string>());
    ReadOnlyDb db(dbPath(data));
    EXPECT_EQ(db.scalar("PRAGMA integrity_check"), "ok");
    for (std::size_t i = 0; i < madeReceipts.size(); ++i) {
        EXPECT_EQ(db.integer("SELECT count(*) FROM sales WHERE receipt_no = ?", {madeReceipts[i]}), 1) << madeReceipts[i];
        EXPECT_EQ(seqOf(madeReceipts[i]), static_cast<std::int64_t>(i + 1)) << "receipt numbers stay gap-free";
    }
    EXPECT_EQ(db.integer("SELECT count(*) FROM sales"), static_cast<std::int64_t>(madeReceipts.size()));
    EXPECT_EQ(db.integer("SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE product_code = ?", {p.code}),
              p.onHand - static_cast<std::int64_t>(madeReceipts.size()));
}
