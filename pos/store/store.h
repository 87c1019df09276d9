#pragma once
// The terminal's store: one SQLite file holding the catalog copy, users,
// shifts, sales, returns, the stock ledger and the sync outbox. Every write a
// cashier finishes is one transaction together with its outbox event.
#include "core/catalog.h"
#include "core/cart.h"
#include "core/sale.h"
#include "core/timeutil.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ocop {

namespace sql {
class Database;
}

enum class Role { Cashier, Manager };

struct User {
    std::string id;
    std::string name;
    Role role = Role::Cashier;
    bool active = true;
    TimestampMs lockedUntil = 0;
};

struct Shift {
    std::string id;
    std::string cashierId;
    std::string cashierName;
    TimestampMs openedAt = 0;
    Money openingFloat = 0;
    std::optional<TimestampMs> closedAt;
};

// Settings every terminal carries; keys are fixed so support can set them
// with `ocop config`.
struct TerminalSettings {
    std::string pointCode = "HK01";
    std::string terminalCode = "T1";
    std::string shopName = "Điểm bán sản phẩm OCOP";
    std::string shopAddress;
    std::string shopPhone;
    std::string taxCode;
    int discountLimitPercent = 10; // above this a manager PIN is needed
    bool allowNegativeStock = false;
    int paperWidthMm = 80;         // 58 or 80
    std::string printer;           // "" = none, file:/..., /dev/usb/lp0, tcp://host:9100
    std::string language = "vi";
};

struct CatalogStats {
    std::int64_t products = 0;
    std::int64_t activeProducts = 0;
    std::int64_t producers = 0;
    std::map<ProducerKind, std::int64_t> producersByKind;
    std::map<OcopGroup, std::int64_t> productsByGroup;
    std::map<LegacyGroup, std::int64_t> productsByLegacyGroup;
    std::map<int, std::int64_t> productsByStars;
    std::int64_t potentialFiveStar = 0;
    std::int64_t salesPoints = 0;
};

struct SaleDraft {
    const Cart* cart = nullptr;
    std::vector<Payment> payments;
    std::string cashierId;
    std::string shiftId;
    std::string approvedBy; // manager id when the discount is above the limit
    // With no shift open, open one (no float) for the cashier inside the
    // sale's own transaction, so a refused sale leaves no shift behind.
    bool openShiftIfNone = false;
};

struct ReturnRequestLine {
    int saleLineNo = 0;          // or 0 to pick by productCode
    std::string productCode;
    std::int64_t quantity = 0;
};

struct ReturnDraft {
    std::string originalReceiptNo;
    std::vector<ReturnRequestLine> lines; // empty: everything still returnable
    std::optional<PaymentMethod> refundMethod; // default: the sale's first method
    std::string cashierId;
    std::string shiftId;
    std::string reason;
    bool openShiftIfNone = false; // as in SaleDraft
};

struct StockLevel {
    std::string productCode;
    std::string name;
    std::int64_t onHand = 0;
};

struct DayReport {
    std::string date; // local YYYY-MM-DD
    std::int64_t salesCount = 0;
    Money salesTotal = 0;  // sales only
    Money vat = 0;
    Money discounts = 0;
    std::int64_t returnsCount = 0;
    Money returnsTotal = 0;
    Money net = 0;         // sales - returns
    std::map<PaymentMethod, Money> salesByMethod;  // net of change
    std::map<PaymentMethod, Money> refundsByMethod;
    std::int64_t itemsSold = 0;
};

struct OutboxEvent {
    std::int64_t seq = 0;
    std::string uuid;
    std::string type;
    TimestampMs createdAt = 0;
    std::string payload; // JSON text
    std::string status;
    std::string error;
};

struct SaleSummary {
    std::string id;
    std::string receiptNo;
    TimestampMs createdAt = 0;
    Money total = 0;
    std::int64_t items = 0;
    std::string cashierName;
};

class Store {
public:
    enum class OpenMode { OpenExisting, CreateIfMissing };

    // Opens (and migrates) the terminal database at `path`. OpenExisting
    // refuses to create a file. A file that is not ours, newer than this
    // build, damaged or locked raises StorageError and is never modified.
    static std::unique_ptr<Store> open(const std::string& path, OpenMode mode);
    ~Store();

    const std::string& path() const;
    int schemaVersion() const;
    // Folds the WAL into the main file (TRUNCATE), e.g. before the file moves.
    void checkpoint();

    // --- settings
    TerminalSettings settings() const;
    void saveSettings(const TerminalSettings& s);
    std::optional<std::string> setting(const std::string& key) const;
    void setSetting(const std::string& key, const std::string& value);

    // --- catalog (written only by init/sync)
    void upsertCatalog(const std::vector<SalesPoint>& points, const std::vector<Producer>& producers,
                       const std::vector<Product>& products);
    std::vector<Product> allProducts() const;
    std::optional<Product> product(const std::string& code) const;
    std::optional<Product> productByGtin(const std::string& gtin) const;
    std::optional<Producer> producer(const std::string& id) const;
    std::vector<SalesPoint> salesPoints() const;
    CatalogStats catalogStats() const;

    // --- users and PINs
    void addUser(const std::string& id, const std::string& name, Role role, const std::string& pin);
    std::vector<User> users() const;
    std::optional<User> user(const std::string& id) const;
    // Throws UserError on a wrong PIN (with tries left) or while locked out;
    // five wrong tries lock the user for five minutes.
    User authenticate(const std::string& userId, const std::string& pin, TimestampMs now);
    // A manager's PIN for an approval (discount, override): any active manager.
    User authenticateManager(const std::string& pin, TimestampMs now);

    // --- shifts
    std::optional<Shift> openShift() const;
    Shift startShift(const std::string& cashierId, Money openingFloat, TimestampMs now);
    ZReport shiftReport(const std::string& shiftId, TimestampMs now) const; // X report, not closing
    ZReport closeShift(const std::string& shiftId, const std::map<std::int64_t, std::int64_t>& countedByDenomination,
                       TimestampMs now);
    std::optional<ZReport> closedShiftReport(const std::string& shiftId) const;

    // --- sales and returns
    Sale commitSale(const SaleDraft& draft, TimestampMs now);
    std::optional<Sale> saleByReceipt(const std::string& receiptNo) const;
    std::vector<SaleSummary> recentSales(int limit) const;
    // Quantities already returned per sale line number.
    std::map<int, std::int64_t> returnedQuantities(std::int64_t saleReceiptSeq) const;
    SaleReturn commitReturn(const ReturnDraft& draft, TimestampMs now);
    std::optional<SaleReturn> returnByReceipt(const std::string& receiptNo) const;
    // A cart abandoned before payment: audit trail and an event, no stock.
    void recordVoid(const Cart& cart, const std::string& cashierId, const std::string& reason, TimestampMs now);

    // --- stock
    std::int64_t onHand(const std::string& productCode) const;
    // Brings the in-memory on-hand up to the ledger's committed end (the
    // first call reads the whole ledger; later ones what was added since).
    // Does nothing inside a transaction, where a row may yet roll back.
    void refreshStock() const;
    std::vector<StockLevel> stockLevels() const;
    void recordStockMovement(const std::string& productCode, std::int64_t quantity, const std::string& kind,
                             const std::string& reference, const std::string& userId, TimestampMs now);
    // Opening balances for a new terminal, quantities in product order; zero
    // quantities are skipped. One transaction; events carry up to 1000 lines.
    void recordOpeningStock(const std::vector<Product>& products, const std::vector<std::int64_t>& quantities,
                            TimestampMs now);

    // --- reports
    DayReport dayReport(const std::string& localDate) const;

    // --- outbox (read by the sync agent)
    std::int64_t pendingEventCount() const;
    std::vector<OutboxEvent> pendingEvents(int limit) const;
    std::int64_t lastEventSeq() const;

    // --- sync (used by the sync agent only)
    // Marks pending events with seq <= throughSeq as delivered. Quarantined
    // ones stay quarantined. Returns how many changed.
    std::int64_t markEventsAcked(std::int64_t throughSeq, TimestampMs now);
    // The centre refused this event: keep it, with why, out of the queue.
    void quarantineEvent(std::int64_t seq, const std::string& reason, TimestampMs now);
    std::vector<OutboxEvent> quarantinedEvents(int limit) const;
    std::int64_t quarantinedEventCount() const;
    std::int64_t catalogVersion() const;
    // One catalog page from the centre, applied in one transaction together
    // with the version it brings the terminal to.
    void applyCatalogChanges(const std::vector<SalesPoint>& points, const std::vector<Producer>& producers,
                             const std::vector<Product>& products, const std::vector<std::string>& removedCodes,
                             std::int64_t newVersion);
    // (store_sync.cpp) The centre's answer to one pushed batch, in one
    // transaction: rejected seqs quarantined with their reasons, pending events
    // up to ackedThrough marked delivered. Returns how many were marked.
    std::int64_t applyBatchResult(const std::vector<std::pair<std::int64_t, std::string>>& rejected,
                                  std::int64_t ackedThrough, TimestampMs now);
    // (store_sync.cpp) Saves an enrolment's settings in one transaction. When
    // no sale or return has been recorded yet it also adopts the centre's
    // point and terminal codes (and writes them into still-pending events);
    // afterwards receipts already carry the local codes, so they are kept.
    // Returns whether the codes were adopted.
    bool recordEnrollment(const std::vector<std::pair<std::string, std::string>>& syncSettings,
                          const std::string& pointCode, const std::string& terminalCode);

    // The receipt number the next sale or return will get (one writer per
    // terminal, so it holds until then); for a VietQR transfer's purpose.
    std::string nextReceiptNo() const;

    // --- audit
    void audit(const std::string& userId, const std::string& action, const std::string& detail, TimestampMs now);

private:
    explicit Store(std::unique_ptr<sql::Database> db);
    void migrate();
    std::int64_t nextReceiptSeq() const;
    void appendEvent(std::string_view type, const std::string& payload, TimestampMs now);
    std::string receiptNumber(const TerminalSettings& settings, std::int64_t seq) const;
    std::string userName(const std::string& id) const;
    std::vector<OutboxEvent> eventsWhere(const std::string& condition, int limit) const;

    // Inside a transaction: the movements past the tally, per product.
    std::unordered_map<std::string, std::int64_t> uncaughtStock() const;
    std::unique_ptr<sql::Database> m_db;

    // What the file held can only have changed if another connection
    // committed (data_version moves) or this one wrote a row (its change
    // count moves; rolled-back rows count too, which errs on the safe side).
    // What is read at one stamp holds for as long as the stamp does.
    struct DbStamp {
        std::int64_t dataVersion = -1;
        std::int64_t ownChanges = -1;
        bool operator==(const DbStamp&) const = default;
    };
    DbStamp stamp() const;

    // On-hand per product: the sum of the ledger's movements up to
    // `throughId` less the sale lines up to `throughLineId` (a sale's lines
    // are its movements), kept here instead of in an index on product code.
    // A sale then appends without touching one random index page per line
    // (five of a 5-line sale's ~20 WAL pages, and the costliest ones to
    // checkpoint). Both tables are append-only with increasing ids, so
    // catching up is a range read of each, of what others committed since.
    // `complete` is the stamp at which nothing lay past the tally.
    struct StockTally {
        std::unordered_map<std::string, std::int64_t> onHand;
        std::int64_t throughId = 0;
        std::int64_t throughLineId = 0;
        DbStamp complete;
    };
    mutable StockTally m_stock;
    // Folds what is committed past the tally into it, `now` being the stamp
    // read before the rows. Only where nothing read can roll back: outside
    // a transaction, or first thing in one.
    void catchUpStock(const DbStamp& now) const;

    // settings() as last read, and the stamp then: a sale reads them every
    // time, another process changes them rarely.
    struct SettingsCache {
        TerminalSettings value;
        DbStamp stamp;
    };
    mutable std::optional<SettingsCache> m_settings;
    TerminalSettings readSettings() const;

    // What a sale reads before it writes, as of `stamp`: between two sales
    // at one till nothing else usually happens, so the next sale reuses it
    // after one PRAGMA instead of half a dozen queries.
    struct SellingContext {
        DbStamp stamp;
        TerminalSettings settings;
        std::optional<Shift> shift;
        std::int64_t nextReceiptSeq = 0;
        std::int64_t nextLineId = 0;
        std::map<std::string, std::string, std::less<>> userNames;
    };
    std::optional<SellingContext> m_selling;
    // Inside the sale's transaction, before it writes anything.
    SellingContext& sellingContext(bool reusable);
};

std::string_view roleKey(Role r);

} // namespace ocop
