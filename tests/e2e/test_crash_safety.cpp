// "A finished sale survives kill -9": run real `ocop sell` processes, SIGKILL
// them at random moments, then open the SQLite file and prove that nothing a
// cashier was told is finished got lost, and that no sale is torn.
//
// OCOP_E2E_SEED=N repeats a run; OCOP_E2E_CRASH_ROUNDS=N changes its length.
#include "e2e_support.h"

#include <random>
#include <set>

using namespace e2e;

namespace {

std::uint64_t seedFromEnv()
{
    if (const char* s = std::getenv("OCOP_E2E_SEED"); s && *s)
        return std::stoull(s);
    return std::random_device{}() ^ (static_cast<std::uint64_t>(std::random_device{}()) << 32);
}

int roundsFromEnv(int fallback)
{
    if (const char* s = std::getenv("OCOP_E2E_CRASH_ROUNDS"); s && *s)
        return std::max(1, std::atoi(s));
    return fallback;
}

struct Item {
    std::string code;
    std::int64_t price = 0;
};

std::string joinArgs(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& a : v)
        s += a + " ";
    return s;
}

std::int64_t i64(const std::string& s) { return std::stoll(s); }

// Catalog-level figures that a complete demo database has, independent of
// timestamps and UUIDs.
std::map<std::string, std::int64_t> demoShape(const fs::path& db)
{
    ReadOnlyDb d(db);
    std::map<std::string, std::int64_t> m;
    for (const char* t : {"products", "producers", "sales_points", "users", "settings", "stock_movements", "outbox", "sales"})
        m[t] = d.integer(std::string("SELECT count(*) FROM ") + t);
    m["opening_units"] = d.integer("SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE kind = 'opening'");
    m["event_seq"] = d.integer("SELECT coalesce(max(seq), 0) FROM outbox");
    m["user_version"] = d.integer("PRAGMA user_version");
    m["application_id"] = d.integer("PRAGMA application_id");
    return m;
}


std::string joinLines(const std::vector<std::string>& v)
{
    std::string s;
    for (std::size_t i = 0; i < v.size() && i < 40; ++i)
        s += v[i] + "\n";
    if (v.size() > 40)
        s += "... and " + std::to_string(v.size() - 40) + " more\n";
    return s;
}

// Everything a crash must not break, checked straight in the SQLite file.
// Returns what is wrong; empty means the ledger is whole.
std::vector<std::string> ledgerProblems(const fs::path& file, const std::map<std::string, std::int64_t>& opening,
                                        const std::vector<json>& reported)
{
    std::vector<std::string> bad;
    auto expect = [&](bool ok, const std::string& what) {
        if (!ok)
            bad.push_back(what);
    };
    ReadOnlyDb db(file);
    const auto integrity = db.scalar("PRAGMA integrity_check");
    expect(integrity == "ok", "integrity_check: " + integrity);
    expect(db.query("PRAGMA foreign_key_check").empty(), "foreign_key_check reports rows");

    // Every reported receipt is there, exactly as printed.
    for (const auto& s : reported) {
        const auto receiptNo = s.at("receipt").get<std::string>();
        const std::string at = receiptNo + ": ";
        const auto rows =
            db.query("SELECT id, total, vat, paid, change_due, receipt_seq FROM sales WHERE receipt_no = ?", {receiptNo});
        if (rows.size() != 1) {
            bad.push_back(at + "a receipt the cashier was given is missing");
            continue;
        }
        expect(rows[0][0] == s.at("id").get<std::string>(), at + "id differs");
        expect(i64(rows[0][1]) == s.at("total").get<std::int64_t>(), at + "total differs");
        expect(i64(rows[0][2]) == s.at("vat").get<std::int64_t>(), at + "VAT differs");
        expect(i64(rows[0][3]) == s.at("paid").get<std::int64_t>(), at + "paid differs");
        expect(i64(rows[0][4]) == s.at("change").get<std::int64_t>(), at + "change differs");
        expect(i64(rows[0][5]) == s.at("receipt_seq").get<std::int64_t>(), at + "receipt_seq differs");
        const auto lines = db.query("SELECT line_no, product_code, quantity, unit_price, net FROM sale_lines "
                                    "WHERE sale_seq = (SELECT receipt_seq FROM sales WHERE id = ?) ORDER BY line_no",
                                    {rows[0][0]});
        if (lines.size() != s.at("lines").size()) {
            bad.push_back(at + std::to_string(lines.size()) + " lines in the file, " +
                          std::to_string(s.at("lines").size()) + " printed");
        } else {
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const auto& jl = s.at("lines")[i];
                expect(i64(lines[i][0]) == jl.at("line_no").get<std::int64_t>() &&
                           lines[i][1] == jl.at("code").get<std::string>() &&
                           i64(lines[i][2]) == jl.at("quantity").get<std::int64_t>() &&
                           i64(lines[i][3]) == jl.at("unit_price").get<std::int64_t>() &&
                           i64(lines[i][4]) == jl.at("net").get<std::int64_t>(),
                       at + "line " + std::to_string(i + 1) + " differs from the printed one");
            }
        }
        const auto pays = db.query("SELECT method, amount FROM sale_payments WHERE sale_id = ? ORDER BY pay_no", {rows[0][0]});
        if (pays.size() != s.at("payments").size()) {
            bad.push_back(at + "payments differ from the printed ones");
        } else {
            for (std::size_t i = 0; i < pays.size(); ++i)
                expect(i64(pays[i][1]) == s.at("payments")[i].at("amount").get<std::int64_t>(),
                       at + "payment " + std::to_string(i + 1) + " differs");
        }
    }

    // No torn sale: every sale in the file is whole.
    std::map<std::string, int> completedEvents; // sale id -> events
    std::map<std::string, json> eventOf;
    for (const auto& e : db.query("SELECT payload FROM outbox WHERE type = 'sale.completed'")) {
        const auto p = json::parse(e[0]);
        const auto id = p.at("id").get<std::string>();
        ++completedEvents[id];
        eventOf[id] = p;
    }
    std::map<std::string, std::int64_t> soldByProduct;
    std::set<std::string> saleIds;
    for (const auto& s : db.query("SELECT id, receipt_no, gross, discount, total, paid, change_due FROM sales")) {
        const auto& id = s[0];
        const auto& receiptNo = s[1];
        const std::string at = receiptNo + ": ";
        saleIds.insert(id);
        const std::int64_t total = i64(s[4]);
        const auto lines = db.query("SELECT product_code, quantity, gross, net FROM sale_lines "
                                    "WHERE sale_seq = (SELECT receipt_seq FROM sales WHERE id = ?)",
                                    {id});
        expect(!lines.empty(), at + "a sale without lines");
        std::int64_t net = 0, gross = 0;
        std::map<std::string, std::int64_t> qtyByProduct;
        for (const auto& l : lines) {
            net += i64(l[3]);
            gross += i64(l[2]);
            qtyByProduct[l[0]] += i64(l[1]);
            soldByProduct[l[0]] += i64(l[1]);
        }
        expect(net == total, at + "line nets sum to " + std::to_string(net) + ", the total is " + std::to_string(total));
        expect(gross == i64(s[2]), at + "line gross does not sum to the sale's gross");
        expect(i64(s[2]) - i64(s[3]) == total, at + "gross - discount != total");
        const auto paid = db.integer("SELECT coalesce(sum(amount), 0) FROM sale_payments WHERE sale_id = ?", {id});
        expect(paid == i64(s[5]), at + "payments do not sum to paid");
        expect(paid - i64(s[6]) == total, at + "payments less change != total");
        std::map<std::string, std::int64_t> moved;
        for (const auto& m : db.query("SELECT product_code, quantity FROM stock_movements WHERE kind = 'sale' AND reference = ?",
                                      {receiptNo}))
            moved[m[0]] -= i64(m[1]);
        expect(moved == qtyByProduct, at + "stock movements do not match the lines");
        expect(completedEvents[id] == 1,
               at + std::to_string(completedEvents[id]) + " sale.completed events (want exactly one)");
        if (eventOf.count(id)) {
            const auto& ev = eventOf[id];
            expect(ev.at("receipt") == receiptNo && ev.at("total") == total && ev.at("lines").size() == lines.size(),
                   at + "the outbox event does not describe the sale");
        }
    }
    for (const auto& [id, n] : completedEvents)
        expect(saleIds.count(id) != 0, "an outbox event for a sale that is not there: " + id);
    expect(db.integer("SELECT count(*) FROM stock_movements WHERE kind = 'sale' AND reference NOT IN "
                      "(SELECT receipt_no FROM sales)") == 0,
           "stock moved for a sale that is not there");

    // Receipt numbers and outbox sequence numbers are gap-free, and the
    // counters stand where the rows end.
    std::vector<std::int64_t> receiptSeqs;
    for (const auto& r : db.query("SELECT receipt_seq FROM sales UNION ALL SELECT receipt_seq FROM returns ORDER BY 1"))
        receiptSeqs.push_back(i64(r[0]));
    for (std::size_t i = 0; i < receiptSeqs.size(); ++i)
        if (receiptSeqs[i] != static_cast<std::int64_t>(i + 1)) {
            bad.push_back("receipt sequence has a gap or a repeat at " + std::to_string(receiptSeqs[i]));
            break;
        }
    const auto seqs = db.query("SELECT seq FROM outbox ORDER BY seq");
    for (std::size_t i = 0; i < seqs.size(); ++i)
        if (i64(seqs[i][0]) != static_cast<std::int64_t>(i + 1)) {
            bad.push_back("outbox sequence has a gap at " + seqs[i][0]);
            break;
        }
    // Pending events are read past the ack watermark: none may hide below it.
    expect(db.integer("SELECT count(*) FROM outbox WHERE status = 'pending' AND seq <= "
                      "(SELECT value FROM sequences WHERE name = 'acked_through')") == 0,
           "a pending event below the ack watermark");
    expect(db.integer("SELECT count(*) FROM shifts WHERE closed_at IS NULL") <= 1, "more than one open shift");

    // On hand = opening - sold, for every product.
    std::map<std::string, std::int64_t> ledger;
    for (const auto& r : db.query("SELECT product_code, sum(quantity) FROM stock_movements GROUP BY product_code"))
        ledger[r[0]] = i64(r[1]);
    for (const auto& [code, open] : opening) {
        const auto sold = soldByProduct.count(code) ? soldByProduct[code] : 0;
        const auto have = ledger.count(code) ? ledger[code] : 0;
        expect(have == open - sold, code + ": on hand " + std::to_string(have) + ", opening " + std::to_string(open) +
                                        " - sold " + std::to_string(sold));
    }
    return bad;
}

} // namespace

TEST(CrashSafety, AFinishedSaleSurvivesKill9)
{
    const std::uint64_t seed = seedFromEnv();
    const int rounds = roundsFromEnv(45);
    std::printf("[ e2e ] crash seed %llu, %d rounds (repeat with OCOP_E2E_SEED=%llu)\n",
                static_cast<unsigned long long>(seed), rounds, static_cast<unsigned long long>(seed));
    std::fflush(stdout);
    RecordProperty("seed", std::to_string(seed));
    std::mt19937_64 rng(seed);

    TempDir dir;
    const auto data = dir / "terminal";
    initDemo(data);
    const auto opening = stockMap(data);

    // Plenty of stock, so no sale is refused however the rounds go.
    std::vector<Item> items;
    {
        ReadOnlyDb db(dbPath(data));
        for (const auto& r : db.query("SELECT code, price FROM products WHERE active = 1 AND price <= 300000 ORDER BY code"))
            if (opening.at(r[0]) >= 150)
                items.push_back({r[0], i64(r[1])});
    }
    ASSERT_GE(items.size(), 8u) << "the demo catalog should have well-stocked products";
    std::shuffle(items.begin(), items.end(), rng);
    items.resize(12 < items.size() ? 12 : items.size());

    // How long an uninterrupted sale takes here, to aim the kills. The first
    // sale also opens the shift, so time the ones after it.
    std::vector<json> reported;
    std::vector<double> probeSeconds;
    for (int i = 0; i < 4; ++i) {
        const auto probe = ocop(data, {"sell", items[static_cast<std::size_t>(i)].code, "--pay", "cash", "--json"});
        ASSERT_EQ(probe.exitCode, 0) << probe.describe();
        reported.push_back(probe.outJson());
        if (i > 0)
            probeSeconds.push_back(probe.seconds);
    }
    std::sort(probeSeconds.begin(), probeSeconds.end());
    const double saleSeconds = probeSeconds[probeSeconds.size() / 2];
    const int maxDelayUs = static_cast<int>(std::clamp(saleSeconds * 1.3e6, 50e3, 2e6));
    std::printf("[ e2e ] one sale takes %.0f ms; kills land in 0..%d ms\n", saleSeconds * 1e3, maxDelayUs / 1000);

    int killed = 0, finished = static_cast<int>(reported.size()), printedThenKilled = 0;
    const auto started = Clock::now();
    std::uniform_int_distribution<int> procsPerRound(1, 3);
    std::uniform_int_distribution<int> linesPerSale(1, 3);
    std::uniform_int_distribution<std::size_t> whichItem(0, items.size() - 1);
    std::uniform_int_distribution<int> qty(1, 2);
    std::uniform_int_distribution<int> payKind(0, 2);
    // Half the kills anywhere in a sale's life, half around its commit (the
    // last stretch before the receipt is printed), where tearing would show.
    std::uniform_int_distribution<int> anyTime(0, maxDelayUs);
    std::uniform_int_distribution<int> nearCommit(static_cast<int>(saleSeconds * 0.7e6), static_cast<int>(saleSeconds * 1.15e6));
    std::bernoulli_distribution aimAtCommit(0.5);
    auto delayUs = [&](std::mt19937_64& g) { return aimAtCommit(g) ? nearCommit(g) : anyTime(g); };
    std::bernoulli_distribution letFinish(0.25);

    for (int round = 0; round < rounds; ++round) {
        if (Clock::now() - started > std::chrono::seconds(60)) {
            std::printf("[ e2e ] time budget reached after %d rounds\n", round);
            break;
        }
        std::vector<Spawn> specs;
        const int n = procsPerRound(rng) == 3 ? 2 : 1; // mostly one at a time, sometimes two racing
        for (int k = 0; k < n; ++k) {
            std::vector<std::string> args{"--data", data.string(), "sell"};
            std::int64_t total = 0;
            const int lines = linesPerSale(rng);
            for (int l = 0; l < lines; ++l) {
                const auto& it = items[whichItem(rng)];
                const int q = qty(rng);
                args.push_back(it.code + "x" + std::to_string(q));
                total += it.price * q;
            }
            switch (payKind(rng)) {
            case 0:
                args.insert(args.end(), {"--pay", "cash"});
                break;
            case 1: // cash with change
                args.insert(args.end(), {"--pay", "cash:" + std::to_string((total / 100000 + 1) * 100000)});
                break;
            default: // split card + cash
                args.insert(args.end(), {"--pay", "card:" + std::to_string(total / 3), "--pay", "cash"});
                break;
            }
            args.push_back("--json");
            Spawn s{args, std::nullopt, {}};
            if (!letFinish(rng))
                s.killAfter = std::chrono::microseconds(delayUs(rng));
            specs.push_back(std::move(s));
        }
        const auto results = runAll(specs);
        for (std::size_t k = 0; k < results.size(); ++k) {
            const auto& r = results[k];
            SCOPED_TRACE("round " + std::to_string(round) + ": ocop " + joinArgs(specs[k].args));
            // What the cashier saw: a complete receipt on stdout means finished.
            std::optional<json> receipt;
            try {
                auto j = json::parse(r.out);
                if (j.is_object() && j.contains("receipt"))
                    receipt = std::move(j);
            } catch (const json::exception&) {
            }
            if (r.exited()) {
                ASSERT_EQ(r.exitCode, 0) << "an uninterrupted sale must succeed\n" << r.describe();
                ASSERT_TRUE(receipt.has_value()) << "exit 0 without a receipt\n" << r.describe();
                ++finished;
            } else {
                ASSERT_EQ(r.termSignal, SIGKILL) << r.describe();
                ++killed;
                if (receipt)
                    ++printedThenKilled;
            }
            if (receipt)
                reported.push_back(std::move(*receipt));
        }
    }
    std::printf("[ e2e ] %d finished, %d killed (%d of them after printing), %zu receipts reported\n", finished, killed,
                printedThenKilled, reported.size());
    EXPECT_GT(killed, 0);

    // ---- the file as the crashes left it (read-only; nothing repaired it)
    const auto problems = ledgerProblems(dbPath(data), opening, reported);
    EXPECT_TRUE(problems.empty()) << joinLines(problems);
    {
        ReadOnlyDb db(dbPath(data));
        const auto sales = db.integer("SELECT count(*) FROM sales");
        std::printf("[ e2e ] %lld sales in the file (%lld committed by a process killed before it printed), "
                    "%lld outbox events\n",
                    static_cast<long long>(sales), static_cast<long long>(sales) - static_cast<long long>(reported.size()),
                    static_cast<long long>(db.integer("SELECT count(*) FROM outbox")));
    }

    // ---- and `ocop` itself agrees, and carries on selling
    const auto after = stockMap(data);
    {
        ReadOnlyDb db(dbPath(data));
        for (const auto& [code, open] : opening) {
            const auto sold = db.integer("SELECT coalesce(sum(quantity), 0) FROM sale_lines WHERE product_code = ?", {code});
            EXPECT_EQ(after.at(code), open - sold) << code;
        }
    }
    const auto next = ocop(data, {"sell", items[0].code, "--pay", "cash", "--json"});
    ASSERT_EQ(next.exitCode, 0) << next.describe();
    ReadOnlyDb db(dbPath(data));
    EXPECT_EQ(next.outJson().at("receipt_seq").get<std::int64_t>(), db.integer("SELECT count(*) FROM sales"));
}

TEST(CrashSafety, KillDuringInitNeverLeavesAHalfDatabase)
{
    const std::uint64_t seed = seedFromEnv();
    const int rounds = roundsFromEnv(8) > 8 ? 8 : roundsFromEnv(8);
    std::printf("[ e2e ] init-crash seed %llu\n", static_cast<unsigned long long>(seed));
    RecordProperty("seed", std::to_string(seed));
    std::mt19937_64 rng(seed);

    TempDir dir;
    const auto reference = dir / "reference";
    const auto full = ocop(reference, {"init", "--demo"});
    ASSERT_EQ(full.exitCode, 0) << full.describe();
    const auto shape = demoShape(dbPath(reference));
    ASSERT_EQ(shape.at("products"), 1054);
    const int spanUs = static_cast<int>(std::clamp(full.seconds * 1.2e6, 100e3, 10e6));
    std::printf("[ e2e ] init takes %.0f ms\n", full.seconds * 1e3);

    std::uniform_int_distribution<int> delayUs(0, spanUs);
    int interrupted = 0, completedAnyway = 0;
    for (int round = 0; round < rounds; ++round) {
        const auto data = dir / ("round" + std::to_string(round));
        const int delay = delayUs(rng);
        SCOPED_TRACE("round " + std::to_string(round) + ", kill after " + std::to_string(delay / 1000) + " ms");
        const auto r = runAll({Spawn{{"--data", data.string(), "init", "--demo"}, std::chrono::microseconds(delay), {}}}).front();
        if (r.exited()) {
            ASSERT_EQ(r.exitCode, 0) << r.describe();
        }

        if (fs::exists(dbPath(data))) {
            // It is there, so it must be whole: opens, sound, the full demo.
            ++completedAnyway;
            {
                ReadOnlyDb db(dbPath(data));
                EXPECT_EQ(db.scalar("PRAGMA integrity_check"), "ok");
            }
            EXPECT_EQ(demoShape(dbPath(data)), shape) << "a database in place must be complete";
            const auto stats = ocop(data, {"stats", "--json"});
            ASSERT_EQ(stats.exitCode, 0) << stats.describe();
            EXPECT_EQ(stats.outJson().at("products"), 1054);
            // A rerun refuses and leaves it byte for byte.
            const auto bytes = readFile(dbPath(data));
            const auto again = ocop(data, {"init", "--demo"});
            EXPECT_EQ(again.exitCode, 2) << again.describe();
            EXPECT_EQ(again.errLines().size(), 1u) << again.describe();
            EXPECT_TRUE(readFile(dbPath(data)) == bytes);
        } else {
            // Not there: nothing may pass for a terminal, and a rerun succeeds.
            ++interrupted;
            const auto stats = ocop(data, {"stats", "--json"});
            EXPECT_EQ(stats.exitCode, 2) << stats.describe();
            EXPECT_EQ(stats.errLines().size(), 1u) << stats.describe();
            const auto sell = ocop(data, {"sell", "OCOP-00001", "--pay", "cash"});
            EXPECT_EQ(sell.exitCode, 2) << sell.describe();
            EXPECT_FALSE(fs::exists(dbPath(data))) << "a failed command created a database";
            const auto again = ocop(data, {"init", "--demo"});
            ASSERT_EQ(again.exitCode, 0) << again.describe();
            EXPECT_EQ(demoShape(dbPath(data)), shape);
        }
        // Whatever happened, no half-built file is left lying next to it.
        if (fs::exists(data)) {
            for (const auto& e : fs::directory_iterator(data)) {
                EXPECT_EQ(e.path().filename().string().find(".partial"), std::string::npos)
                    << "leftover " << e.path().filename();
            }
        }
    }
    std::printf("[ e2e ] %d inits interrupted before the database was in place, %d after\n", interrupted,
                completedAnyway);
}

// The checker above is only worth something if it notices damage: tear a
// healthy ledger in different ways and expect each to be reported.
TEST(CrashSafety, TheLedgerCheckerNoticesATornSale)
{
    TempDir dir;
    const auto data = dir / "terminal";
    initDemo(data);
    const auto opening = stockMap(data);
    std::vector<std::string> codes;
    for (const auto& [code, n] : opening)
        if (n >= 10 && codes.size() < 3)
            codes.push_back(code);
    ASSERT_EQ(codes.size(), 3u);
    std::vector<json> reported;
    reported.push_back(ocopJson(data, {"sell", codes[0], "--pay", "cash"}));
    reported.push_back(ocopJson(data, {"sell", codes[1] + "x2", codes[2], "--pay", "card:1000", "--pay", "cash"}));
    reported.push_back(ocopJson(data, {"sell", codes[2], "--pay", "cash:5000000"}));
    ASSERT_TRUE(ledgerProblems(dbPath(data), opening, reported).empty())
        << joinLines(ledgerProblems(dbPath(data), opening, reported));

    const std::vector<std::pair<std::string, std::string>> tears{
        {"a line lost", "DELETE FROM sale_lines WHERE line_no = 2 AND sale_seq = 2"},
        {"a payment lost", "UPDATE sales SET payments = json_remove(payments, '$[0]') WHERE receipt_seq = 2"},
        {"a ledger movement lost", "DELETE FROM stock_ledger WHERE id = (SELECT max(id) FROM stock_ledger)"},
        {"the outbox event lost", "DELETE FROM outbox WHERE seq = (SELECT max(seq) FROM outbox)"},
        {"the whole last sale lost", "DELETE FROM sales WHERE receipt_seq = 3"},
        {"a receipt number skipped", "UPDATE sales SET receipt_seq = receipt_seq + 1 WHERE receipt_seq = 3"},
        {"a pending event hidden", "UPDATE sequences SET value = value + 1 WHERE name = 'acked_through'"},
        {"an event twice", "INSERT INTO outbox(seq, uuid, type, created_at, payload) SELECT seq + 100, uuid || 'x', type, "
                           "created_at, payload FROM outbox WHERE seq = (SELECT max(seq) FROM outbox)"},
        {"stock moved twice", "INSERT INTO stock_ledger(product_code, quantity, kind, reference, created_at) SELECT "
                              "product_code, quantity, kind, reference, created_at FROM stock_movements WHERE kind = 'sale' "
                              "LIMIT 1"},
    };
    for (std::size_t t = 0; t < tears.size(); ++t) {
        const auto& [what, sql] = tears[t];
        SCOPED_TRACE(what);
        const auto copy = dir / ("torn-" + std::to_string(t));
        fs::create_directories(copy);
        fs::copy_file(dbPath(data), dbPath(copy));
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(dbPath(copy).c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        char* err = nullptr;
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
        const std::string msg = err ? err : "";
        sqlite3_free(err);
        EXPECT_GT(sqlite3_changes(db), 0) << "the tear changed nothing";
        sqlite3_close(db);
        ASSERT_EQ(rc, SQLITE_OK) << msg;
        EXPECT_FALSE(ledgerProblems(dbPath(copy), opening, reported).empty()) << "the checker missed: " << what;
    }
}
