#include "store/store.h"

#include "core/emvco.h"
#include "core/errors.h"
#include "core/events.h"
#include "core/pin.h"
#include "core/uuid.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <set>

namespace ocop {

using sql::Statement;
using sql::Transaction;

namespace {
// 'OCOP' in ASCII: marks the file as ours in the SQLite header.
constexpr std::int64_t kApplicationId = 0x4F434F50;

Role roleFromKey(const std::string& s) { return s == "manager" ? Role::Manager : Role::Cashier; }

Product readProduct(const Statement& st)
{
    Product p;
    p.code = st.text(0);
    p.gtin = st.text(1);
    p.nameVi = st.text(2);
    p.nameEn = st.text(3);
    p.group = static_cast<OcopGroup>(st.integer(4));
    p.legacyGroup = static_cast<LegacyGroup>(st.integer(5));
    p.stars = static_cast<int>(st.integer(6));
    p.potentialFiveStar = st.integer(7) != 0;
    p.certificateNo = st.text(8);
    p.certificateIssuer = st.text(9);
    p.certificateIssued = st.text(10);
    p.certificateExpiry = st.text(11);
    p.producerId = st.text(12);
    p.unit = st.text(13);
    p.price = st.integer(14);
    p.vatRate = static_cast<int>(st.integer(15));
    p.active = st.integer(16) != 0;
    p.image = st.text(17);
    p.traceUrl = st.text(18);
    return p;
}

constexpr const char* kProductColumns =
    "code, gtin, name_vi, name_en, ocop_group, legacy_group, stars, potential_five, certificate_no, "
    "certificate_issuer, certificate_issued, certificate_expiry, producer_id, unit, price, vat_rate, active, "
    "image, trace_url";

// A receipt number POINT-TERMINAL-SEQ carries where it was issued.
// The sequence a receipt number POINT-TERMINAL-SEQ ends with; 0 if none.
std::int64_t receiptSeqOf(const std::string& receiptNo)
{
    const auto last = receiptNo.rfind('-');
    const char* begin = receiptNo.data() + (last == std::string::npos ? 0 : last + 1);
    const char* end = receiptNo.data() + receiptNo.size();
    std::int64_t seq = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, seq);
    return ec == std::errc() && ptr == end && begin != end ? seq : 0;
}

void splitReceiptNo(const std::string& receiptNo, std::string& pointCode, std::string& terminalCode)
{
    const auto first = receiptNo.find('-');
    const auto last = receiptNo.rfind('-');
    pointCode = receiptNo.substr(0, first);
    terminalCode = first == last ? std::string() : receiptNo.substr(first + 1, last - first - 1);
}

// Rows of (method, amount, reference) for one sale or return, in order.
template <typename Key>
std::vector<Payment> readPayments(sql::Database& db, const char* query, const Key& ownerId)
{
    std::vector<Payment> out;
    auto st = db.prepare(query);
    st.bind(1, ownerId);
    while (st.step())
        out.push_back({static_cast<PaymentMethod>(st.integer(0)), st.integer(1), st.text(2)});
    return out;
}

bool settingBool(const std::optional<std::string>& v, bool fallback)
{
    if (!v)
        return fallback;
    return *v == "1" || *v == "true" || *v == "yes";
}

int settingInt(const std::optional<std::string>& v, int fallback)
{
    if (!v)
        return fallback;
    try {
        return std::stoi(*v);
    } catch (...) {
        return fallback;
    }
}
} // namespace

std::string_view roleKey(Role r) { return r == Role::Manager ? "manager" : "cashier"; }

Store::Store(std::unique_ptr<sql::Database> db) : m_db(std::move(db)) {}
Store::~Store() = default;

const std::string& Store::path() const { return m_db->path(); }

std::unique_ptr<Store> Store::open(const std::string& path, OpenMode mode)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (!exists && mode == OpenMode::OpenExisting)
        throw UserError("no terminal database at " + path + "; run `ocop init` first");
    if (exists && fs::is_directory(path, ec))
        throw UserError(path + " is a directory, not a database file");
    if (!exists) {
        const auto parent = fs::path(path).parent_path();
        if (!parent.empty())
            fs::create_directories(parent, ec);
    }

    auto db = std::make_unique<sql::Database>(
        path, mode == OpenMode::OpenExisting ? sql::Database::Mode::OpenExisting : sql::Database::Mode::CreateIfMissing);

    // Refuse anything that is not an empty file or one of ours before writing
    // a single byte: reading the header also surfaces "not a database".
    std::int64_t appId = 0;
    std::int64_t objects = 0;
    {
        auto st = db->prepare("PRAGMA application_id");
        if (st.step())
            appId = st.integer(0);
        auto count = db->prepare("SELECT count(*) FROM sqlite_master");
        if (count.step())
            objects = count.integer(0);
    }
    if (appId != kApplicationId && (appId != 0 || objects != 0))
        throw StorageError(path + " is an SQLite database of another application; refusing to touch it");
    // Only a new file is ever turned into a terminal database; an existing
    // empty one is somebody's mistake to be shown, not silently filled.
    if (appId != kApplicationId && mode == OpenMode::OpenExisting)
        throw UserError(path + " is not a terminal database; run `ocop init` first");

    // WAL lets the sync agent read while the cashier writes; FULL makes each
    // commit survive power loss, not just a crash (NORMAL may lose the last
    // commits in WAL mode), which is the promise made to the cashier.
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA foreign_keys=ON");
    // Keep temp b-trees for sorting reports off the disk.
    db->exec("PRAGMA temp_store=MEMORY");
    // 32 MB of page cache instead of the default 2 MB: with a 100,000-product
    // catalog a sale's product and ledger pages otherwise keep coming back
    // from the OS (a BM_SaleCommit run, demo preparation included, made 22k
    // preads instead of 140k); the bench's peak RSS goes 119 -> 148 MB, under
    // the 200 MB target.
    db->exec("PRAGMA cache_size=-32768");

    std::unique_ptr<Store> store(new Store(std::move(db)));
    store->migrate();
    return store;
}

void Store::checkpoint() { m_db->exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

int Store::schemaVersion() const
{
    auto st = m_db->prepare("PRAGMA user_version");
    return st.step() ? static_cast<int>(st.integer(0)) : 0;
}

void Store::migrate()
{
    const auto& migrations = terminalMigrations();
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    const int current = schemaVersion();
    if (current > latest)
        throw StorageError(path() + " was written by a newer OCOP POS (schema " + std::to_string(current) +
                           "); this build knows schema " + std::to_string(latest));
    if (current == latest)
        return;
    // A migration may rebuild a table that others reference (SQLite's
    // documented way to change a table): foreign keys stay off while it runs
    // (the pragma is a no-op inside a transaction) and are checked in full
    // before the commit, so a bad migration changes nothing.
    m_db->exec("PRAGMA foreign_keys=OFF");
    try {
        Transaction tx(*m_db);
        for (const auto& m : migrations) {
            if (m.version <= current)
                continue;
            m_db->exec(m.sql);
            m_db->exec("PRAGMA user_version=" + std::to_string(m.version));
        }
        auto check = m_db->prepare("PRAGMA foreign_key_check");
        if (check.step())
            throw StorageError(path() + ": migrating to schema " + std::to_string(latest) + " broke a reference from " +
                               check.text(0) + " to " + check.text(2));
        m_db->exec("PRAGMA application_id=" + std::to_string(kApplicationId));
        tx.commit();
    } catch (...) {
        m_db->exec("PRAGMA foreign_keys=ON");
        throw;
    }
    m_db->exec("PRAGMA foreign_keys=ON");
}

// ---------------------------------------------------------------- settings

std::optional<std::string> Store::setting(const std::string& key) const
{
    auto st = m_db->prepare("SELECT value FROM settings WHERE key = ?");
    st.bind(1, key);
    if (st.step())
        return st.text(0);
    return std::nullopt;
}

void Store::setSetting(const std::string& key, const std::string& value)
{
    auto st = m_db->prepare("INSERT INTO settings(key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key).bind(2, value).run();
}

Store::DbStamp Store::stamp() const { return {m_db->dataVersion(), m_db->totalChanges()}; }

TerminalSettings Store::settings() const
{
    const DbStamp now = stamp();
    if (m_settings && m_settings->stamp == now)
        return m_settings->value;
    auto s = readSettings();
    if (!m_db->inTransaction()) // what a transaction reads may yet roll back
        m_settings = SettingsCache{s, now};
    return s;
}

TerminalSettings Store::readSettings() const
{
    TerminalSettings s;
    std::map<std::string, std::string> all;
    auto st = m_db->prepare("SELECT key, value FROM settings");
    while (st.step())
        all[st.text(0)] = st.text(1);
    auto get = [&](const char* k) -> std::optional<std::string> {
        auto it = all.find(k);
        if (it == all.end())
            return std::nullopt;
        return it->second;
    };
    if (auto v = get("point_code")) s.pointCode = *v;
    if (auto v = get("terminal_code")) s.terminalCode = *v;
    if (auto v = get("shop_name")) s.shopName = *v;
    if (auto v = get("shop_address")) s.shopAddress = *v;
    if (auto v = get("shop_phone")) s.shopPhone = *v;
    if (auto v = get("tax_code")) s.taxCode = *v;
    if (auto v = get("printer")) s.printer = *v;
    if (auto v = get("language")) s.language = *v;
    s.discountLimitPercent = settingInt(get("discount_limit_percent"), s.discountLimitPercent);
    s.allowNegativeStock = settingBool(get("allow_negative_stock"), s.allowNegativeStock);
    s.paperWidthMm = settingInt(get("paper_width_mm"), s.paperWidthMm);
    return s;
}

void Store::saveSettings(const TerminalSettings& s)
{
    if (s.pointCode.empty() || s.terminalCode.empty())
        throw UserError("point and terminal codes must not be empty");
    if (s.discountLimitPercent < 0 || s.discountLimitPercent > 100)
        throw UserError("the discount limit must be between 0 and 100 percent");
    if (s.paperWidthMm != 58 && s.paperWidthMm != 80)
        throw UserError("paper width must be 58 or 80 mm");
    Transaction tx(*m_db);
    setSetting("point_code", s.pointCode);
    setSetting("terminal_code", s.terminalCode);
    setSetting("shop_name", s.shopName);
    setSetting("shop_address", s.shopAddress);
    setSetting("shop_phone", s.shopPhone);
    setSetting("tax_code", s.taxCode);
    setSetting("printer", s.printer);
    setSetting("language", s.language);
    setSetting("discount_limit_percent", std::to_string(s.discountLimitPercent));
    setSetting("allow_negative_stock", s.allowNegativeStock ? "1" : "0");
    setSetting("paper_width_mm", std::to_string(s.paperWidthMm));
    tx.commit();
}

// ---------------------------------------------------------------- catalog

void Store::upsertCatalog(const std::vector<SalesPoint>& points, const std::vector<Producer>& producers,
                          const std::vector<Product>& products)
{
    for (const auto& p : products)
        validateProduct(p);
    Transaction tx(*m_db);
    auto pointSt = m_db->prepare("INSERT INTO sales_points(code, name, address, district) VALUES (?,?,?,?) "
                                 "ON CONFLICT(code) DO UPDATE SET name=excluded.name, address=excluded.address, "
                                 "district=excluded.district");
    for (const auto& p : points) {
        pointSt.bind(1, p.code).bind(2, p.name).bind(3, p.address).bind(4, p.district).run();
        pointSt.reset();
    }
    auto producerSt = m_db->prepare(
        "INSERT INTO producers(id, name, kind, commune, district, province) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, commune=excluded.commune, "
        "district=excluded.district, province=excluded.province");
    for (const auto& p : producers) {
        producerSt.bind(1, p.id).bind(2, p.name).bind(3, static_cast<int>(p.kind)).bind(4, p.commune);
        producerSt.bind(5, p.district).bind(6, p.province).run();
        producerSt.reset();
    }
    auto productSt = m_db->prepare(
        std::string("INSERT INTO products(") + kProductColumns +
        ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET "
        "gtin=excluded.gtin, name_vi=excluded.name_vi, name_en=excluded.name_en, ocop_group=excluded.ocop_group, "
        "legacy_group=excluded.legacy_group, stars=excluded.stars, potential_five=excluded.potential_five, "
        "certificate_no=excluded.certificate_no, certificate_issuer=excluded.certificate_issuer, "
        "certificate_issued=excluded.certificate_issued, certificate_expiry=excluded.certificate_expiry, "
        "producer_id=excluded.producer_id, unit=excluded.unit, price=excluded.price, vat_rate=excluded.vat_rate, "
        "active=excluded.active, image=excluded.image, trace_url=excluded.trace_url");
    for (const auto& p : products) {
        productSt.bind(1, p.code);
        if (p.gtin.empty())
            productSt.bindNull(2);
        else
            productSt.bind(2, p.gtin);
        productSt.bind(3, p.nameVi).bind(4, p.nameEn).bind(5, static_cast<int>(p.group));
        productSt.bind(6, static_cast<int>(p.legacyGroup)).bind(7, p.stars).bind(8, p.potentialFiveStar);
        productSt.bind(9, p.certificateNo).bind(10, p.certificateIssuer).bind(11, p.certificateIssued);
        productSt.bind(12, p.certificateExpiry);
        if (p.producerId.empty())
            productSt.bindNull(13);
        else
            productSt.bind(13, p.producerId);
        productSt.bind(14, p.unit).bind(15, p.price).bind(16, p.vatRate).bind(17, p.active);
        productSt.bind(18, p.image).bind(19, p.traceUrl).run();
        productSt.reset();
    }
    tx.commit();
}

std::vector<Product> Store::allProducts() const
{
    std::vector<Product> out;
    auto st = m_db->prepare(std::string("SELECT ") + kProductColumns + " FROM products ORDER BY code");
    while (st.step())
        out.push_back(readProduct(st));
    return out;
}

std::optional<Product> Store::product(const std::string& code) const
{
    auto st = m_db->prepare(std::string("SELECT ") + kProductColumns + " FROM products WHERE code = ?");
    st.bind(1, code);
    if (st.step())
        return readProduct(st);
    return std::nullopt;
}

std::optional<Product> Store::productByGtin(const std::string& gtin) const
{
    auto st = m_db->prepare(std::string("SELECT ") + kProductColumns + " FROM products WHERE gtin = ?");
    st.bind(1, gtin);
    if (st.step())
        return readProduct(st);
    return std::nullopt;
}

std::optional<Producer> Store::producer(const std::string& id) const
{
    auto st = m_db->prepare("SELECT id, name, kind, commune, district, province FROM producers WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    Producer p;
    p.id = st.text(0);
    p.name = st.text(1);
    p.kind = static_cast<ProducerKind>(st.integer(2));
    p.commune = st.text(3);
    p.district = st.text(4);
    p.province = st.text(5);
    return p;
}

std::vector<SalesPoint> Store::salesPoints() const
{
    std::vector<SalesPoint> out;
    auto st = m_db->prepare("SELECT code, name, address, district FROM sales_points ORDER BY code");
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
    return out;
}

CatalogStats Store::catalogStats() const
{
    CatalogStats s;
    {
        auto st = m_db->prepare("SELECT count(*), coalesce(sum(active), 0), coalesce(sum(potential_five), 0) FROM products");
        st.step();
        s.products = st.integer(0);
        s.activeProducts = st.integer(1);
        s.potentialFiveStar = st.integer(2);
    }
    {
        auto st = m_db->prepare("SELECT ocop_group, count(*) FROM products GROUP BY ocop_group");
        while (st.step())
            s.productsByGroup[static_cast<OcopGroup>(st.integer(0))] = st.integer(1);
    }
    {
        auto st = m_db->prepare("SELECT legacy_group, count(*) FROM products GROUP BY legacy_group");
        while (st.step())
            s.productsByLegacyGroup[static_cast<LegacyGroup>(st.integer(0))] = st.integer(1);
    }
    {
        auto st = m_db->prepare("SELECT stars, count(*) FROM products GROUP BY stars");
        while (st.step())
            s.productsByStars[static_cast<int>(st.integer(0))] = st.integer(1);
    }
    {
        auto st = m_db->prepare("SELECT kind, count(*) FROM producers GROUP BY kind");
        while (st.step()) {
            s.producersByKind[static_cast<ProducerKind>(st.integer(0))] = st.integer(1);
            s.producers += st.integer(1);
        }
    }
    {
        auto st = m_db->prepare("SELECT count(*) FROM sales_points");
        st.step();
        s.salesPoints = st.integer(0);
    }
    return s;
}

// ---------------------------------------------------------------- users

void Store::addUser(const std::string& id, const std::string& name, Role role, const std::string& pin)
{
    if (id.empty() || name.empty())
        throw UserError("a user needs an id and a name");
    if (!isWellFormedPin(pin))
        throw UserError("a PIN must be 4 to 8 digits");
    const std::string hash = hashPin(pin);
    auto st = m_db->prepare("INSERT INTO users(id, name, role, pin_hash) VALUES (?,?,?,?) "
                            "ON CONFLICT(id) DO UPDATE SET name=excluded.name, role=excluded.role, "
                            "pin_hash=excluded.pin_hash, failed_attempts=0, locked_until=0");
    st.bind(1, id).bind(2, name).bind(3, roleKey(role)).bind(4, hash).run();
}

std::vector<User> Store::users() const
{
    std::vector<User> out;
    auto st = m_db->prepare("SELECT id, name, role, active, locked_until FROM users ORDER BY role, id");
    while (st.step())
        out.push_back({st.text(0), st.text(1), roleFromKey(st.text(2)), st.integer(3) != 0, st.integer(4)});
    return out;
}

std::optional<User> Store::user(const std::string& id) const
{
    auto st = m_db->prepare("SELECT id, name, role, active, locked_until FROM users WHERE id = ?");
    st.bind(1, id);
    if (st.step())
        return User{st.text(0), st.text(1), roleFromKey(st.text(2)), st.integer(3) != 0, st.integer(4)};
    return std::nullopt;
}

std::string Store::userName(const std::string& id) const
{
    auto u = user(id);
    if (!u)
        throw UserError("unknown user " + id);
    return u->name;
}

User Store::authenticate(const std::string& userId, const std::string& pin, TimestampMs now)
{
    std::string hash;
    std::int64_t failed = 0;
    User u;
    {
        auto st = m_db->prepare(
            "SELECT id, name, role, active, locked_until, pin_hash, failed_attempts FROM users WHERE id = ?");
        st.bind(1, userId);
        if (!st.step())
            throw UserError("unknown user");
        u = User{st.text(0), st.text(1), roleFromKey(st.text(2)), st.integer(3) != 0, st.integer(4)};
        hash = st.text(5);
        failed = st.integer(6);
    }
    if (!u.active)
        throw UserError("this user is disabled");
    if (u.lockedUntil > now) {
        const auto minutes = (u.lockedUntil - now + 59'999) / 60'000;
        throw UserError("too many wrong PINs; locked for " + std::to_string(minutes) + " more minute(s)");
    }
    if (!isWellFormedPin(pin) || !verifyPin(pin, hash)) {
        ++failed;
        // Saved outside any transaction the caller might roll back: a wrong
        // PIN must count even though the login fails.
        if (failed >= kMaxPinFailures) {
            auto st = m_db->prepare("UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?");
            st.bind(1, now + kPinLockoutMs).bind(2, userId).run();
            audit(userId, "pin_lockout", "5 wrong PINs", now);
            throw UserError("wrong PIN; too many tries, locked for 5 minutes");
        }
        auto st = m_db->prepare("UPDATE users SET failed_attempts = ? WHERE id = ?");
        st.bind(1, failed).bind(2, userId).run();
        throw UserError("wrong PIN; " + std::to_string(kMaxPinFailures - failed) + " tries left");
    }
    if (failed != 0 || u.lockedUntil != 0) {
        auto st = m_db->prepare("UPDATE users SET failed_attempts = 0, locked_until = 0 WHERE id = ?");
        st.bind(1, userId).run();
    }
    return u;
}

User Store::authenticateManager(const std::string& pin, TimestampMs now)
{
    const auto lockedUntil = settingInt(setting("manager_pin_locked_until_s"), 0);
    if (static_cast<TimestampMs>(lockedUntil) * 1000 > now)
        throw UserError("too many wrong manager PINs; approvals are locked for a few minutes");
    if (isWellFormedPin(pin)) {
        auto st = m_db->prepare("SELECT id, pin_hash FROM users WHERE role = 'manager' AND active = 1");
        std::vector<std::pair<std::string, std::string>> managers;
        while (st.step())
            managers.emplace_back(st.text(0), st.text(1));
        for (const auto& [id, hash] : managers) {
            if (verifyPin(pin, hash)) {
                setSetting("manager_pin_failures", "0");
                return *user(id);
            }
        }
    }
    const int failures = settingInt(setting("manager_pin_failures"), 0) + 1;
    if (failures >= kMaxPinFailures) {
        setSetting("manager_pin_failures", "0");
        setSetting("manager_pin_locked_until_s", std::to_string((now + kPinLockoutMs) / 1000));
        audit("", "manager_pin_lockout", "5 wrong manager PINs", now);
        throw UserError("wrong manager PIN; approvals locked for 5 minutes");
    }
    setSetting("manager_pin_failures", std::to_string(failures));
    throw UserError("wrong manager PIN");
}

// ---------------------------------------------------------------- sequences & outbox

std::string Store::nextReceiptNo() const { return receiptNumber(settings(), nextReceiptSeq()); }

std::int64_t Store::nextReceiptSeq() const
{
    // Gap-free: drawn inside the transaction that inserts the receipt.
    auto st = m_db->prepare("SELECT 1 + max(coalesce((SELECT max(receipt_seq) FROM sales), 0), "
                            "coalesce((SELECT max(receipt_seq) FROM returns), 0))");
    st.step();
    return st.integer(0);
}

void Store::appendEvent(std::string_view type, const std::string& payload, TimestampMs now)
{
    // seq is the rowid: one past the last event, gap-free as long as the
    // last event is never deleted.
    auto st = m_db->prepare("INSERT INTO outbox(uuid, type, created_at, payload) VALUES (?,?,?,?)");
    st.bind(1, uuidV7(now)).bind(2, type).bind(3, now).bind(4, payload).run();
}

std::string Store::receiptNumber(const TerminalSettings& s, std::int64_t seq) const
{
    char digits[32];
    std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(seq));
    return s.pointCode + "-" + s.terminalCode + "-" + digits;
}

// Every event at or below the watermark is acked or quarantined (see
// schema/terminal/0004): pending events are read from the rows past it.
static constexpr const char* kPastAckWatermark =
    "seq > (SELECT value FROM sequences WHERE name = 'acked_through') AND status = 'pending'";

std::int64_t Store::pendingEventCount() const
{
    auto st = m_db->prepare(std::string("SELECT count(*) FROM outbox WHERE ") + kPastAckWatermark);
    st.step();
    return st.integer(0);
}

std::vector<OutboxEvent> Store::pendingEvents(int limit) const
{
    return eventsWhere(std::string(kPastAckWatermark), limit);
}

std::vector<OutboxEvent> Store::eventsWhere(const std::string& condition, int limit) const
{
    std::vector<OutboxEvent> out;
    auto st = m_db->prepare("SELECT seq, uuid, type, created_at, payload, status, error FROM outbox WHERE " +
                            condition + " ORDER BY seq LIMIT ?");
    st.bind(1, limit);
    while (st.step())
        out.push_back({st.integer(0), st.text(1), st.text(2), st.integer(3), st.text(4), st.text(5), st.text(6)});
    return out;
}

std::int64_t Store::lastEventSeq() const
{
    auto st = m_db->prepare("SELECT coalesce(max(seq), 0) FROM outbox");
    st.step();
    return st.integer(0);
}

std::int64_t Store::markEventsAcked(std::int64_t throughSeq, TimestampMs now)
{
    Transaction tx(*m_db);
    // Never past the last event: one written later must not count as acked.
    throughSeq = std::min(throughSeq, lastEventSeq());
    auto st = m_db->prepare(std::string("UPDATE outbox SET status = 'acked', acked_at = ? WHERE ") +
                            kPastAckWatermark + " AND seq <= ?");
    st.bind(1, now).bind(2, throughSeq).run();
    const auto acked = m_db->changes();
    auto mark = m_db->prepare("UPDATE sequences SET value = max(value, ?) WHERE name = 'acked_through'");
    mark.bind(1, throughSeq).run();
    tx.commit();
    return acked;
}

void Store::quarantineEvent(std::int64_t seq, const std::string& reason, TimestampMs now)
{
    auto st = m_db->prepare("UPDATE outbox SET status = 'quarantined', error = ?, acked_at = ? WHERE seq = ?");
    st.bind(1, reason).bind(2, now).bind(3, seq).run();
}

// The literal condition lets SQLite use the partial index outbox_quarantined.
std::vector<OutboxEvent> Store::quarantinedEvents(int limit) const { return eventsWhere("status = 'quarantined'", limit); }

std::int64_t Store::quarantinedEventCount() const
{
    auto st = m_db->prepare("SELECT count(*) FROM outbox WHERE status = 'quarantined'");
    st.step();
    return st.integer(0);
}

std::int64_t Store::catalogVersion() const
{
    return settingInt(setting("catalog_version"), 0);
}

void Store::applyCatalogChanges(const std::vector<SalesPoint>& points, const std::vector<Producer>& producers,
                                const std::vector<Product>& products, const std::vector<std::string>& removedCodes,
                                std::int64_t newVersion)
{
    Transaction tx(*m_db);
    upsertCatalog(points, producers, products);
    // The centre publishes this point's bank account for VietQR; it replaces
    // a locally set one. An account a VietQR cannot carry is not taken.
    const auto home = setting("point_code");
    for (const auto& p : points) {
        if (!home || p.code != *home || p.bankBin.empty())
            continue;
        try {
            scan::validateVietQrAccount(p.bankBin, p.bankAccount);
        } catch (const UserError&) {
            continue;
        }
        setSetting("bank_bin", p.bankBin);
        setSetting("bank_account", p.bankAccount);
        setSetting("bank_account_name", p.bankAccountName);
    }
    // A removed product may still be on old receipts and in the stock ledger,
    // so it is taken off sale rather than deleted.
    auto st = m_db->prepare("UPDATE products SET active = 0 WHERE code = ?");
    for (const auto& code : removedCodes) {
        st.bind(1, code).run();
        st.reset();
    }
    setSetting("catalog_version", std::to_string(newVersion));
    tx.commit();
}

void Store::audit(const std::string& userId, const std::string& action, const std::string& detail, TimestampMs now)
{
    auto st = m_db->prepare("INSERT INTO audit_log(at, user_id, action, detail) VALUES (?,?,?,?)");
    st.bind(1, now).bind(2, userId).bind(3, action).bind(4, detail).run();
}

// ---------------------------------------------------------------- shifts

std::optional<Shift> Store::openShift() const
{
    auto st = m_db->prepare("SELECT s.id, s.cashier_id, u.name, s.opened_at, s.opening_float FROM shifts s "
                            "JOIN users u ON u.id = s.cashier_id WHERE s.closed_at IS NULL");
    if (!st.step())
        return std::nullopt;
    return Shift{st.text(0), st.text(1), st.text(2), st.integer(3), st.integer(4), std::nullopt};
}

Shift Store::startShift(const std::string& cashierId, Money openingFloat, TimestampMs now)
{
    if (openingFloat < 0)
        throw UserError("the opening float cannot be negative");
    Transaction tx(*m_db);
    if (auto open = openShift())
        throw UserError("a shift is already open (" + open->cashierName + "); close it first");
    const std::string name = userName(cashierId);
    Shift s{uuidV7(now), cashierId, name, now, openingFloat, std::nullopt};
    auto st = m_db->prepare(
        "INSERT INTO shifts(id, cashier_id, opened_at, opening_float, first_receipt_seq) VALUES (?,?,?,?,?)");
    st.bind(1, s.id).bind(2, cashierId).bind(3, now).bind(4, openingFloat).bind(5, nextReceiptSeq()).run();
    const auto set = settings();
    nlohmann::json payload = {{"shift_id", s.id},         {"cashier_id", cashierId}, {"cashier", name},
                              {"point", set.pointCode},  {"terminal", set.terminalCode},
                              {"opened_at", now},        {"opening_float", openingFloat}};
    appendEvent(event_type::ShiftOpened, payload.dump(), now);
    tx.commit();
    return s;
}

ZReport Store::shiftReport(const std::string& shiftId, TimestampMs now) const
{
    ZReport z;
    // The shift's receipts are a range of receipt_seq (schema/terminal/0004).
    std::int64_t firstSeq = 0;
    std::int64_t lastSeq = 0;
    {
        auto st = m_db->prepare("SELECT s.id, s.cashier_id, u.name, s.opened_at, s.opening_float, s.closed_at, "
                                "s.first_receipt_seq, coalesce(s.last_receipt_seq, 9223372036854775807) "
                                "FROM shifts s JOIN users u ON u.id = s.cashier_id WHERE s.id = ?");
        st.bind(1, shiftId);
        if (!st.step())
            throw UserError("no such shift");
        firstSeq = st.integer(6);
        lastSeq = st.integer(7);
        z.shiftId = st.text(0);
        z.cashierId = st.text(1);
        z.cashierName = st.text(2);
        z.openedAt = st.integer(3);
        z.openingFloat = st.integer(4);
        z.closedAt = st.isNull(5) ? now : st.integer(5);
    }
    const auto set = settings();
    z.pointCode = set.pointCode;
    z.terminalCode = set.terminalCode;
    Money change = 0;
    {
        auto st = m_db->prepare("SELECT count(*), coalesce(sum(total),0), coalesce(sum(discount),0), "
                                "coalesce(sum(vat),0), coalesce(sum(change_due),0) FROM sales "
                                "WHERE receipt_seq BETWEEN ? AND ? AND shift_id = ?");
        st.bind(1, firstSeq).bind(2, lastSeq).bind(3, shiftId);
        st.step();
        z.salesCount = st.integer(0);
        z.salesTotal = st.integer(1);
        z.discounts = st.integer(2);
        z.vat = st.integer(3);
        change = st.integer(4);
    }
    {
        auto st = m_db->prepare("SELECT p.method, sum(p.amount) FROM sale_payments p JOIN sales s ON s.receipt_seq = p.sale_seq "
                                "WHERE s.receipt_seq BETWEEN ? AND ? AND s.shift_id = ? GROUP BY p.method");
        st.bind(1, firstSeq).bind(2, lastSeq).bind(3, shiftId);
        while (st.step())
            z.salesByMethod[static_cast<PaymentMethod>(st.integer(0))] = st.integer(1);
        // Change goes back out of the drawer: cash taken is net of it.
        if (change != 0)
            z.salesByMethod[PaymentMethod::Cash] -= change;
    }
    {
        auto st = m_db->prepare("SELECT count(*), coalesce(sum(total),0), coalesce(sum(vat),0) FROM returns "
                                "WHERE receipt_seq BETWEEN ? AND ? AND shift_id = ?");
        st.bind(1, firstSeq).bind(2, lastSeq).bind(3, shiftId);
        st.step();
        z.returnsCount = st.integer(0);
        z.returnsTotal = st.integer(1);
        z.vat -= st.integer(2);
    }
    {
        auto st = m_db->prepare("SELECT r.method, sum(r.amount) FROM return_refunds r JOIN returns t ON t.id = r.return_id "
                                "WHERE t.receipt_seq BETWEEN ? AND ? AND t.shift_id = ? GROUP BY r.method");
        st.bind(1, firstSeq).bind(2, lastSeq).bind(3, shiftId);
        while (st.step())
            z.refundsByMethod[static_cast<PaymentMethod>(st.integer(0))] = st.integer(1);
    }
    const auto cashIn = z.salesByMethod.count(PaymentMethod::Cash) ? z.salesByMethod[PaymentMethod::Cash] : 0;
    const auto cashOut = z.refundsByMethod.count(PaymentMethod::Cash) ? z.refundsByMethod[PaymentMethod::Cash] : 0;
    z.expectedCash = z.openingFloat + cashIn - cashOut;
    return z;
}

ZReport Store::closeShift(const std::string& shiftId, const std::map<std::int64_t, std::int64_t>& counted,
                          TimestampMs now)
{
    const std::set<std::int64_t> known(std::begin(kDenominations), std::end(kDenominations));
    std::map<std::int64_t, std::int64_t> cleaned;
    for (const auto& [value, count] : counted) {
        if (!known.count(value))
            throw UserError("unknown banknote value " + std::to_string(value));
        if (count < 0 || count > 100000)
            throw UserError("a banknote count must be between 0 and 100000");
        if (count > 0)
            cleaned[value] = count;
    }
    Transaction tx(*m_db);
    auto open = openShift();
    if (!open || open->id != shiftId)
        throw UserError("this shift is not open");
    ZReport z = shiftReport(shiftId, now);
    z.closedAt = now;
    z.countedByDenomination = cleaned;
    z.countedCash = sumDenominations(cleaned);
    z.variance = z.countedCash - z.expectedCash;
    const std::string json = toJson(z).dump();
    auto st = m_db->prepare(
        "UPDATE shifts SET closed_at = ?, counted_cash = ?, z_report = ?, last_receipt_seq = ? WHERE id = ?");
    st.bind(1, now).bind(2, z.countedCash).bind(3, json).bind(4, nextReceiptSeq() - 1).bind(5, shiftId).run();
    appendEvent(event_type::ShiftClosed, json, now);
    tx.commit();
    return z;
}

std::optional<ZReport> Store::closedShiftReport(const std::string& shiftId) const
{
    auto st = m_db->prepare("SELECT z_report FROM shifts WHERE id = ? AND closed_at IS NOT NULL");
    st.bind(1, shiftId);
    if (!st.step())
        return std::nullopt;
    const auto j = nlohmann::json::parse(st.text(0));
    ZReport z = shiftReport(shiftId, 0);
    z.countedCash = j.at("counted_cash").get<Money>();
    z.variance = j.at("variance").get<Money>();
    for (const auto& [k, v] : j.at("counted_by_denomination").items())
        z.countedByDenomination[std::stoll(k)] = v.get<std::int64_t>();
    return z;
}

// ---------------------------------------------------------------- sales

Sale Store::commitSale(const SaleDraft& draft, TimestampMs now)
{
    if (!draft.cart || draft.cart->empty())
        throw UserError("the cart is empty");
    const Cart& cart = *draft.cart;
    Sale sale = saleFromCart(cart, draft.payments); // validates the payments

    Transaction tx(*m_db);
    // A transaction of its own has read only committed rows until its first
    // write: what it reads now may be kept. One inside a caller's may not.
    const bool ownTransaction = !tx.nested();
    SellingContext& context = sellingContext(ownTransaction);
    const TerminalSettings& set = context.settings;
    if (ownTransaction)
        catchUpStock(context.stamp); // the stock checks below then need no tail
    auto shift = context.shift;
    const bool shiftStarted = !shift && draft.openShiftIfNone;
    if (shiftStarted)
        shift = startShift(draft.cashierId, 0, now);
    if (!shift)
        throw UserError("no shift is open; open a shift before selling");
    if (!draft.shiftId.empty() && draft.shiftId != shift->id)
        throw UserError("the shift was closed; open a new shift");
    auto knownName = context.userNames.find(draft.cashierId);
    if (knownName == context.userNames.end())
        knownName = context.userNames.emplace(draft.cashierId, userName(draft.cashierId)).first;
    const std::string& cashierName = knownName->second;

    const auto totals = cart.totals();
    if (totals.discountBasisPoints() > static_cast<std::int64_t>(set.discountLimitPercent) * 100) {
        const auto approver = draft.approvedBy.empty() ? std::nullopt : user(draft.approvedBy);
        if (!approver || approver->role != Role::Manager)
            throw UserError("a discount above " + std::to_string(set.discountLimitPercent) +
                            "% needs a manager's approval");
    }

    std::map<std::string, std::int64_t> wanted;
    for (const auto& line : cart.lines())
        wanted[line.productCode] += line.quantity;
    // Inside a caller's transaction the tally may lag what it wrote: the
    // tail past it is read once for every line.
    const auto uncaught =
        set.allowNegativeStock || ownTransaction ? decltype(uncaughtStock()){} : uncaughtStock();
    // Only what the checks need, for all the sale's products in one statement.
    struct Sellable {
        bool active;
        std::string unit, name;
    };
    std::map<std::string, Sellable, std::less<>> found;
    {
        std::string sql = "SELECT code, active, unit, name_vi FROM products WHERE code IN (";
        for (std::size_t i = 0; i < wanted.size(); ++i)
            sql += i ? ",?" : "?";
        sql += ')';
        auto check = m_db->prepare(sql);
        int k = 0;
        for (const auto& entry : wanted)
            check.bind(++k, entry.first);
        while (check.step())
            found.emplace(check.text(0), Sellable{check.integer(1) != 0, check.text(2), check.text(3)});
    }
    for (const auto& [code, qty] : wanted) {
        const auto p = found.find(code);
        if (p == found.end())
            throw UserError("unknown product " + code);
        const std::string& name = p->second.name;
        if (!p->second.active)
            throw UserError(name + " is no longer on sale");
        if (!set.allowNegativeStock) {
            const auto tallied = m_stock.onHand.find(code);
            const auto tail = uncaught.find(code);
            const auto have = (tallied == m_stock.onHand.end() ? 0 : tallied->second) +
                              (tail == uncaught.end() ? 0 : tail->second);
            if (have < qty)
                throw UserError("only " + std::to_string(std::max<std::int64_t>(have, 0)) + " " + p->second.unit +
                                " of " + name + " in stock");
        }
    }

    sale.id = uuidV7(now);
    sale.receiptSeq = context.nextReceiptSeq;
    sale.receiptNo = receiptNumber(set, sale.receiptSeq);
    sale.pointCode = set.pointCode;
    sale.terminalCode = set.terminalCode;
    sale.cashierId = draft.cashierId;
    sale.cashierName = cashierName;
    sale.shiftId = shift->id;
    sale.approvedBy = draft.approvedBy;
    sale.createdAt = now;

    // The lines take the next ids, one run per sale, and the sale records the
    // run (schema/terminal/0004).
    const std::int64_t firstLineId = context.nextLineId;
    const auto lastLineId = firstLineId + static_cast<std::int64_t>(sale.lines.size()) - 1;

    // The payments live in the sale's row, [method, amount, reference] each
    // (schema/terminal/0007); SQLite's json_array does the quoting.
    std::string insertSale = "INSERT INTO sales(id, receipt_no, receipt_seq, shift_id, cashier_id, cashier_name, "
                             "approved_by, created_at, gross, discount, total, vat, paid, change_due, first_line_id, "
                             "last_line_id, payments) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,json_array(";
    for (std::size_t i = 0; i < sale.payments.size(); ++i)
        insertSale += i ? ",json_array(?,?,?)" : "json_array(?,?,?)";
    insertSale += "))";
    auto st = m_db->prepare(insertSale);
    st.bind(1, sale.id).bind(2, sale.receiptNo).bind(3, sale.receiptSeq).bind(4, sale.shiftId);
    st.bind(5, sale.cashierId).bind(6, sale.cashierName).bind(7, sale.approvedBy).bind(8, now);
    st.bind(9, sale.gross).bind(10, sale.discount).bind(11, sale.total).bind(12, sale.vat);
    st.bind(13, sale.paid).bind(14, sale.change).bind(15, firstLineId).bind(16, lastLineId);
    int param = 17;
    for (const auto& p : sale.payments) {
        st.bind(param, static_cast<int>(p.method)).bind(param + 1, p.amount).bind(param + 2, p.reference);
        param += 3;
    }
    st.run();

    auto lineSt = m_db->prepare("INSERT INTO sale_lines(sale_seq, line_no, product_code, gtin, name, unit, quantity, "
                                "unit_price, gross, discount, net, vat_rate, vat, lot, lot_expiry, expired_approved_by, "
                                "id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    // The lines are also the sale's stock movements (schema/terminal/0005).
    std::int64_t lineId = firstLineId;
    for (const auto& l : sale.lines) {
        lineSt.bind(1, sale.receiptSeq).bind(2, l.lineNo).bind(3, l.productCode).bind(4, l.gtin).bind(5, l.name);
        lineSt.bind(6, l.unit).bind(7, l.quantity).bind(8, l.unitPrice).bind(9, l.gross).bind(10, l.discount);
        lineSt.bind(11, l.net).bind(12, l.vatRate).bind(13, l.vat).bind(14, l.lot).bind(15, l.lotExpiry);
        lineSt.bind(16, l.expiredApprovedBy).bind(17, lineId++).run();
        lineSt.reset();
        if (!l.expiredApprovedBy.empty())
            audit(l.expiredApprovedBy, "expired_lot_sold",
                  sale.receiptNo + " " + l.productCode + " lot " + l.lot + " expired " + l.lotExpiry + " x" +
                      std::to_string(l.quantity) + " (cashier " + sale.cashierId + ")",
                  now);
    }
    if (!sale.approvedBy.empty())
        audit(sale.approvedBy, "discount_approved",
              sale.receiptNo + " discount " + std::to_string(sale.discount), now);
    appendEvent(event_type::SaleCompleted, saleEventText(sale), now);
    tx.commit();
    if (!ownTransaction)
        return sale; // the caller's transaction may yet roll it back
    // Nobody else wrote while this transaction held the write lock: what was
    // read at its start, moved on by what it wrote, holds at the new stamp.
    const DbStamp before = context.stamp;
    const DbStamp after{before.dataVersion, m_db->totalChanges()};
    if (m_stock.complete == before && m_stock.throughLineId == firstLineId - 1) {
        for (const auto& l : sale.lines)
            m_stock.onHand[l.productCode] -= l.quantity;
        m_stock.throughLineId = lastLineId;
        m_stock.complete = after;
    }
    if (m_settings && m_settings->stamp == before)
        m_settings->stamp = after;
    if (shiftStarted) {
        m_selling.reset();
    } else {
        context.nextReceiptSeq = sale.receiptSeq + 1;
        context.nextLineId = lastLineId + 1;
        context.stamp = after;
    }
    return sale;
}

std::optional<Sale> Store::saleByReceipt(const std::string& receiptNo) const
{
    Sale s;
    std::int64_t firstLineId = 0, lastLineId = -1;
    {
        auto st = m_db->prepare("SELECT id, receipt_no, receipt_seq, shift_id, cashier_id, cashier_name, approved_by, "
                                "created_at, gross, discount, total, vat, paid, change_due, first_line_id, last_line_id "
                                "FROM sales WHERE receipt_seq = ? AND receipt_no = ?");
        st.bind(1, receiptSeqOf(receiptNo)).bind(2, receiptNo);
        if (!st.step())
            return std::nullopt;
        s.id = st.text(0);
        s.receiptNo = st.text(1);
        s.receiptSeq = st.integer(2);
        s.shiftId = st.text(3);
        s.cashierId = st.text(4);
        s.cashierName = st.text(5);
        s.approvedBy = st.text(6);
        s.createdAt = st.integer(7);
        s.gross = st.integer(8);
        s.discount = st.integer(9);
        s.total = st.integer(10);
        s.vat = st.integer(11);
        s.paid = st.integer(12);
        s.change = st.integer(13);
        firstLineId = st.integer(14);
        lastLineId = st.integer(15);
    }
    splitReceiptNo(s.receiptNo, s.pointCode, s.terminalCode);
    {
        auto st = m_db->prepare("SELECT line_no, product_code, gtin, name, unit, quantity, unit_price, gross, discount, "
                                "net, vat_rate, vat, lot, lot_expiry, expired_approved_by FROM sale_lines "
                                "WHERE id BETWEEN ? AND ? ORDER BY id");
        st.bind(1, firstLineId).bind(2, lastLineId);
        std::vector<std::pair<int, Money>> rateAndNet;
        while (st.step()) {
            SaleLine l;
            l.lineNo = static_cast<int>(st.integer(0));
            l.productCode = st.text(1);
            l.gtin = st.text(2);
            l.name = st.text(3);
            l.unit = st.text(4);
            l.quantity = st.integer(5);
            l.unitPrice = st.integer(6);
            l.gross = st.integer(7);
            l.discount = st.integer(8);
            l.net = st.integer(9);
            l.vatRate = static_cast<int>(st.integer(10));
            l.vat = st.integer(11);
            l.lot = st.text(12);
            l.lotExpiry = st.text(13);
            l.expiredApprovedBy = st.text(14);
            rateAndNet.emplace_back(l.vatRate, l.net);
            s.lines.push_back(std::move(l));
        }
        s.vatByRate = vatBreakdown(rateAndNet);
    }
    s.payments = readPayments(*m_db, "SELECT method, amount, reference FROM sale_payments WHERE sale_seq = ? ORDER BY pay_no",
                              s.receiptSeq);
    return s;
}

std::vector<SaleSummary> Store::recentSales(int limit) const
{
    std::vector<SaleSummary> out;
    auto st = m_db->prepare("SELECT s.id, s.receipt_no, s.created_at, s.total, "
                            "(SELECT coalesce(sum(quantity),0) FROM sale_lines l WHERE l.id BETWEEN s.first_line_id AND s.last_line_id), "
                            "s.cashier_name "
                            "FROM sales s ORDER BY s.receipt_seq DESC LIMIT ?");
    st.bind(1, limit);
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.integer(2), st.integer(3), st.integer(4), st.text(5)});
    return out;
}

std::map<int, std::int64_t> Store::returnedQuantities(std::int64_t saleReceiptSeq) const
{
    std::map<int, std::int64_t> out;
    auto st = m_db->prepare("SELECT l.sale_line_no, sum(l.quantity) FROM return_lines l JOIN returns r ON r.id = l.return_id "
                            "WHERE r.sale_seq = ? GROUP BY l.sale_line_no");
    st.bind(1, saleReceiptSeq);
    while (st.step())
        out[static_cast<int>(st.integer(0))] = st.integer(1);
    return out;
}

SaleReturn Store::commitReturn(const ReturnDraft& draft, TimestampMs now)
{
    Transaction tx(*m_db);
    const auto sale = saleByReceipt(draft.originalReceiptNo);
    if (!sale)
        throw UserError("no sale with receipt " + draft.originalReceiptNo + " on this terminal");
    auto shift = openShift();
    if (!shift && draft.openShiftIfNone)
        shift = startShift(draft.cashierId, 0, now);
    if (!shift)
        throw UserError("no shift is open; open a shift before taking a return");
    const std::string cashierName = userName(draft.cashierId);
    const auto already = returnedQuantities(sale->receiptSeq);
    auto returnedOf = [&](int lineNo) {
        auto it = already.find(lineNo);
        return it == already.end() ? std::int64_t{0} : it->second;
    };

    std::map<int, std::int64_t> wanted; // sale line no -> quantity
    if (draft.lines.empty()) {
        for (const auto& l : sale->lines)
            if (l.quantity > returnedOf(l.lineNo))
                wanted[l.lineNo] = l.quantity - returnedOf(l.lineNo);
        if (wanted.empty())
            throw UserError("everything on " + sale->receiptNo + " has already been returned");
    } else {
        for (const auto& req : draft.lines) {
            if (req.quantity <= 0)
                throw UserError("a return quantity must be at least 1");
            std::int64_t remaining = req.quantity;
            bool found = false;
            // By line number, or by product code spread over its lines in order.
            for (const auto& l : sale->lines) {
                const bool match = req.saleLineNo ? l.lineNo == req.saleLineNo : l.productCode == req.productCode;
                if (!match)
                    continue;
                found = true;
                const auto left = l.quantity - returnedOf(l.lineNo) - wanted[l.lineNo];
                const auto take = std::min(left, remaining);
                if (take > 0) {
                    wanted[l.lineNo] += take;
                    remaining -= take;
                }
            }
            if (!found)
                throw UserError((req.saleLineNo ? "line " + std::to_string(req.saleLineNo) : req.productCode) +
                                " is not on receipt " + sale->receiptNo);
            if (remaining > 0)
                throw UserError("cannot return more than was sold: " + std::to_string(remaining) + " too many of " +
                                (req.productCode.empty() ? "line " + std::to_string(req.saleLineNo) : req.productCode));
        }
        for (auto it = wanted.begin(); it != wanted.end();)
            it = it->second == 0 ? wanted.erase(it) : std::next(it);
    }

    const auto set = settings();
    SaleReturn ret;
    ret.id = uuidV7(now);
    ret.originalSaleId = sale->id;
    ret.originalReceiptNo = sale->receiptNo;
    ret.pointCode = set.pointCode;
    ret.terminalCode = set.terminalCode;
    ret.cashierId = draft.cashierId;
    ret.cashierName = cashierName;
    ret.shiftId = shift->id;
    ret.reason = draft.reason;
    ret.createdAt = now;
    std::vector<std::pair<int, Money>> rateAndRefund;
    for (const auto& [lineNo, qty] : wanted) {
        const auto& l = sale->lines[static_cast<std::size_t>(lineNo - 1)];
        ReturnLine rl;
        rl.lineNo = lineNo;
        rl.productCode = l.productCode;
        rl.name = l.name;
        rl.quantity = qty;
        rl.unitPrice = l.unitPrice;
        rl.vatRate = l.vatRate;
        rl.refund = refundForQuantity(l, returnedOf(lineNo), qty);
        rl.vat = vatIncluded(rl.refund, l.vatRate);
        rl.lot = l.lot;
        ret.total += rl.refund;
        rateAndRefund.emplace_back(l.vatRate, rl.refund);
        ret.lines.push_back(std::move(rl));
    }
    ret.vatByRate = vatBreakdown(rateAndRefund);
    for (const auto& v : ret.vatByRate)
        ret.vat += v.vat;
    const PaymentMethod method =
        draft.refundMethod ? *draft.refundMethod : (sale->payments.empty() ? PaymentMethod::Cash : sale->payments.front().method);
    if (ret.total > 0)
        ret.refunds.push_back({method, ret.total, ""});

    ret.receiptSeq = nextReceiptSeq();
    ret.receiptNo = receiptNumber(set, ret.receiptSeq);
    auto st = m_db->prepare("INSERT INTO returns(id, receipt_no, receipt_seq, sale_seq, sale_id, shift_id, cashier_id, "
                            "cashier_name, reason, created_at, total, vat) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, ret.id).bind(2, ret.receiptNo).bind(3, ret.receiptSeq).bind(4, sale->receiptSeq).bind(5, sale->id);
    st.bind(6, ret.shiftId).bind(7, ret.cashierId).bind(8, ret.cashierName).bind(9, ret.reason).bind(10, now);
    st.bind(11, ret.total).bind(12, ret.vat).run();
    auto lineSt = m_db->prepare("INSERT INTO return_lines(return_id, sale_line_no, product_code, name, quantity, "
                                "unit_price, vat_rate, refund, vat) VALUES (?,?,?,?,?,?,?,?,?)");
    auto moveSt = m_db->prepare("INSERT INTO stock_ledger(product_code, lot, quantity, kind, reference, created_at) "
                                "VALUES (?,?,?,'return',?,?)");
    for (const auto& l : ret.lines) {
        lineSt.bind(1, ret.id).bind(2, l.lineNo).bind(3, l.productCode).bind(4, l.name).bind(5, l.quantity);
        lineSt.bind(6, l.unitPrice).bind(7, l.vatRate).bind(8, l.refund).bind(9, l.vat).run();
        lineSt.reset();
        // Back into the lot it was sold from.
        moveSt.bind(1, l.productCode).bind(2, l.lot).bind(3, l.quantity).bind(4, ret.receiptNo).bind(5, now).run();
        moveSt.reset();
    }
    auto refSt = m_db->prepare("INSERT INTO return_refunds(return_id, pay_no, method, amount, reference) VALUES (?,?,?,?,?)");
    int payNo = 0;
    for (const auto& p : ret.refunds) {
        refSt.bind(1, ret.id).bind(2, ++payNo).bind(3, static_cast<int>(p.method)).bind(4, p.amount);
        refSt.bind(5, p.reference).run();
        refSt.reset();
    }
    appendEvent(event_type::SaleReturned, toJson(ret).dump(), now);
    tx.commit();
    return ret;
}

std::optional<SaleReturn> Store::returnByReceipt(const std::string& receiptNo) const
{
    auto st = m_db->prepare("SELECT r.id, r.receipt_no, r.receipt_seq, r.sale_id, s.receipt_no, r.shift_id, r.cashier_id, "
                            "r.cashier_name, r.reason, r.created_at, r.total, r.vat FROM returns r "
                            "JOIN sales s ON s.receipt_seq = r.sale_seq WHERE r.receipt_no = ?");
    st.bind(1, receiptNo);
    if (!st.step())
        return std::nullopt;
    SaleReturn r;
    r.id = st.text(0);
    r.receiptNo = st.text(1);
    r.receiptSeq = st.integer(2);
    r.originalSaleId = st.text(3);
    r.originalReceiptNo = st.text(4);
    r.shiftId = st.text(5);
    r.cashierId = st.text(6);
    r.cashierName = st.text(7);
    r.reason = st.text(8);
    r.createdAt = st.integer(9);
    r.total = st.integer(10);
    r.vat = st.integer(11);
    splitReceiptNo(r.receiptNo, r.pointCode, r.terminalCode);
    std::vector<std::pair<int, Money>> rateAndRefund;
    auto ls = m_db->prepare("SELECT sale_line_no, product_code, name, quantity, unit_price, vat_rate, refund, vat "
                            "FROM return_lines WHERE return_id = ? ORDER BY sale_line_no");
    ls.bind(1, r.id);
    while (ls.step()) {
        ReturnLine l{static_cast<int>(ls.integer(0)), ls.text(1), ls.text(2), ls.integer(3), ls.integer(4),
                     static_cast<int>(ls.integer(5)), ls.integer(6), ls.integer(7)};
        rateAndRefund.emplace_back(l.vatRate, l.refund);
        r.lines.push_back(std::move(l));
    }
    r.vatByRate = vatBreakdown(rateAndRefund);
    r.refunds = readPayments(*m_db,
                             "SELECT method, amount, reference FROM return_refunds WHERE return_id = ? ORDER BY pay_no", r.id);
    return r;
}

void Store::recordVoid(const Cart& cart, const std::string& cashierId, const std::string& reason, TimestampMs now)
{
    if (cart.empty())
        return;
    const auto totals = cart.totals();
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : cart.lines())
        lines.push_back({{"code", l.productCode}, {"name", l.name}, {"quantity", l.quantity}, {"unit_price", l.unitPrice}});
    const auto set = settings();
    nlohmann::json payload = {{"id", uuidV7(now)}, {"point", set.pointCode}, {"terminal", set.terminalCode},
                              {"cashier_id", cashierId}, {"reason", reason}, {"created_at", now},
                              {"total", totals.total}, {"lines", lines}};
    Transaction tx(*m_db);
    audit(cashierId, "cart_voided", payload.dump(), now);
    appendEvent(event_type::CartVoided, payload.dump(), now);
    tx.commit();
}

// ---------------------------------------------------------------- stock

void Store::refreshStock() const
{
    if (!m_db->inTransaction())
        catchUpStock(stamp()); // read before the rows: a commit after it moves the next one
}

void Store::catchUpStock(const DbStamp& now) const
{
    if (m_stock.complete == now)
        return;
    auto st = m_db->prepare("SELECT id, product_code, quantity FROM stock_ledger WHERE id > ? ORDER BY id");
    st.bind(1, m_stock.throughId);
    while (st.step()) {
        m_stock.onHand[st.text(1)] += st.integer(2);
        m_stock.throughId = st.integer(0);
    }
    auto sold = m_db->prepare("SELECT id, product_code, quantity FROM sale_lines WHERE id > ? ORDER BY id");
    sold.bind(1, m_stock.throughLineId);
    while (sold.step()) {
        m_stock.onHand[sold.text(1)] -= sold.integer(2);
        m_stock.throughLineId = sold.integer(0);
    }
    m_stock.complete = now;
}

Store::SellingContext& Store::sellingContext(bool reusable)
{
    const DbStamp now = stamp();
    if (reusable && m_selling && m_selling->stamp == now)
        return *m_selling;
    SellingContext c;
    c.stamp = reusable ? now : DbStamp{}; // a stamp that never matches
    c.settings = settings();
    c.shift = openShift();
    c.nextReceiptSeq = nextReceiptSeq();
    auto maxLine = m_db->prepare("SELECT coalesce(max(id), 0) + 1 FROM sale_lines");
    maxLine.step();
    c.nextLineId = maxLine.integer(0);
    m_selling = std::move(c);
    return *m_selling;
}

std::unordered_map<std::string, std::int64_t> Store::uncaughtStock() const
{
    // What this transaction (or another before it) wrote since the last
    // catch-up: a short id range at the end of the ledger and of the lines.
    std::unordered_map<std::string, std::int64_t> tail;
    if (!m_db->inTransaction())
        return tail;
    auto st = m_db->prepare("SELECT product_code, sum(quantity) FROM ("
                            "SELECT product_code, quantity FROM stock_ledger WHERE id > ?1 UNION ALL "
                            "SELECT product_code, -quantity FROM sale_lines WHERE id > ?2) GROUP BY product_code");
    st.bind(1, m_stock.throughId).bind(2, m_stock.throughLineId);
    while (st.step())
        tail[st.text(0)] = st.integer(1);
    return tail;
}

std::int64_t Store::onHand(const std::string& productCode) const
{
    refreshStock();
    const auto it = m_stock.onHand.find(productCode);
    std::int64_t qty = it == m_stock.onHand.end() ? 0 : it->second;
    if (m_db->inTransaction()) {
        const auto tail = uncaughtStock();
        if (const auto t = tail.find(productCode); t != tail.end())
            qty += t->second;
    }
    return qty;
}

std::vector<StockLevel> Store::stockLevels() const
{
    refreshStock();
    const auto uncaught = uncaughtStock();
    auto qtyOf = [](const std::unordered_map<std::string, std::int64_t>& m, const std::string& code) {
        auto it = m.find(code);
        return it == m.end() ? std::int64_t{0} : it->second;
    };
    std::vector<StockLevel> out;
    auto st = m_db->prepare("SELECT code, name_vi FROM products ORDER BY code");
    while (st.step()) {
        std::string code = st.text(0);
        const auto qty = qtyOf(m_stock.onHand, code) + qtyOf(uncaught, code);
        out.push_back({std::move(code), st.text(1), qty});
    }
    return out;
}

namespace {
nlohmann::json stockEvent(const TerminalSettings& set, std::string_view kind, const std::string& reference,
                          const std::string& userId, TimestampMs now, nlohmann::json lines)
{
    return {{"id", uuidV7(now)},     {"point", set.pointCode}, {"terminal", set.terminalCode},
            {"kind", kind},          {"reference", reference}, {"user_id", userId},
            {"created_at", now},     {"lines", std::move(lines)}};
}
} // namespace

void Store::recordStockMovement(const std::string& productCode, std::int64_t quantity, const std::string& kind,
                                const std::string& reference, const std::string& userId, TimestampMs now)
{
    static const std::set<std::string> kinds{"opening", "receipt", "transfer_in", "transfer_out", "adjustment", "count"};
    if (!kinds.count(kind))
        throw UserError("unknown stock movement kind " + kind);
    if (quantity == 0)
        throw UserError("a stock movement needs a non-zero quantity");
    Transaction tx(*m_db);
    if (!product(productCode))
        throw UserError("unknown product " + productCode);
    auto st = m_db->prepare("INSERT INTO stock_ledger(product_code, quantity, kind, reference, created_at) "
                            "VALUES (?,?,?,?,?)");
    st.bind(1, productCode).bind(2, quantity).bind(3, kind).bind(4, reference).bind(5, now).run();
    nlohmann::json lines = nlohmann::json::array({{{"code", productCode}, {"quantity", quantity}}});
    appendEvent(event_type::StockMoved, stockEvent(settings(), kind, reference, userId, now, lines).dump(), now);
    tx.commit();
}

void Store::recordOpeningStock(const std::vector<Product>& products, const std::vector<std::int64_t>& quantities,
                               TimestampMs now)
{
    if (products.size() != quantities.size())
        throw UserError("opening stock needs one quantity per product");
    const auto set = settings();
    Transaction tx(*m_db);
    auto st = m_db->prepare("INSERT INTO stock_ledger(product_code, quantity, kind, reference, created_at) "
                            "VALUES (?,?,'opening','',?)");
    nlohmann::json lines = nlohmann::json::array();
    auto flush = [&] {
        if (lines.empty())
            return;
        appendEvent(event_type::StockMoved, stockEvent(set, "opening", "", "", now, std::move(lines)).dump(), now);
        lines = nlohmann::json::array();
    };
    for (std::size_t i = 0; i < products.size(); ++i) {
        if (quantities[i] == 0)
            continue;
        st.bind(1, products[i].code).bind(2, quantities[i]).bind(3, now).run();
        st.reset();
        lines.push_back({{"code", products[i].code}, {"quantity", quantities[i]}});
        if (lines.size() >= 1000)
            flush();
    }
    flush();
    tx.commit();
}

// ---------------------------------------------------------------- reports

DayReport Store::dayReport(const std::string& localDate) const
{
    const TimestampMs start = parseLocalDate(localDate);
    if (start < 0)
        throw UserError("a date must look like 2026-11-23");
    const TimestampMs end = start + 86'400'000;
    DayReport r;
    r.date = localDate;
    Money change = 0;
    // The day's sales in one pass (sales has no time index, see
    // schema/terminal/0006); the queries after it go by their receipt range.
    std::int64_t firstSeq = 0, lastSeq = -1;
    {
        auto st = m_db->prepare("SELECT count(*), coalesce(sum(total),0), coalesce(sum(vat),0), coalesce(sum(discount),0), "
                                "coalesce(sum(change_due),0), coalesce(min(receipt_seq),0), coalesce(max(receipt_seq),-1) "
                                "FROM sales WHERE created_at >= ? AND created_at < ?");
        st.bind(1, start).bind(2, end);
        st.step();
        r.salesCount = st.integer(0);
        r.salesTotal = st.integer(1);
        r.vat = st.integer(2);
        r.discounts = st.integer(3);
        change = st.integer(4);
        firstSeq = st.integer(5);
        lastSeq = st.integer(6);
    }
    {
        auto st = m_db->prepare("SELECT p.method, sum(p.amount) FROM sale_payments p JOIN sales s ON s.receipt_seq = p.sale_seq "
                                "WHERE s.receipt_seq BETWEEN ?3 AND ?4 AND s.created_at >= ?1 AND s.created_at < ?2 "
                                "GROUP BY p.method");
        st.bind(1, start).bind(2, end).bind(3, firstSeq).bind(4, lastSeq);
        while (st.step())
            r.salesByMethod[static_cast<PaymentMethod>(st.integer(0))] = st.integer(1);
        if (change != 0)
            r.salesByMethod[PaymentMethod::Cash] -= change;
    }
    {
        auto st = m_db->prepare("SELECT coalesce(sum(l.quantity),0) FROM sales s "
                                "JOIN sale_lines l ON l.id BETWEEN s.first_line_id AND s.last_line_id "
                                "WHERE s.receipt_seq BETWEEN ?3 AND ?4 AND s.created_at >= ?1 AND s.created_at < ?2");
        st.bind(1, start).bind(2, end).bind(3, firstSeq).bind(4, lastSeq);
        st.step();
        r.itemsSold = st.integer(0);
    }
    {
        auto st = m_db->prepare("SELECT count(*), coalesce(sum(total),0) FROM returns WHERE created_at >= ? AND created_at < ?");
        st.bind(1, start).bind(2, end);
        st.step();
        r.returnsCount = st.integer(0);
        r.returnsTotal = st.integer(1);
    }
    {
        auto st = m_db->prepare("SELECT f.method, sum(f.amount) FROM return_refunds f JOIN returns t ON t.id = f.return_id "
                                "WHERE t.created_at >= ? AND t.created_at < ? GROUP BY f.method");
        st.bind(1, start).bind(2, end);
        while (st.step())
            r.refundsByMethod[static_cast<PaymentMethod>(st.integer(0))] = st.integer(1);
    }
    r.net = r.salesTotal - r.returnsTotal;
    return r;
}

} // namespace ocop
