#include "core/events.h"
#include "core/utf8.h"

#include <charconv>

namespace ocop {

using nlohmann::json;

namespace {
json methodMap(const std::map<PaymentMethod, Money>& m)
{
    json out = json::object();
    for (const auto& [method, amount] : m)
        out[std::string(paymentMethodKey(method))] = amount;
    return out;
}

Payment paymentFromJson(const json& j)
{
    Payment p;
    const auto method = paymentMethodFromKey(j.at("method").get<std::string>());
    if (!method)
        throw std::invalid_argument("unknown payment method");
    p.method = *method;
    p.amount = j.at("amount").get<Money>();
    p.reference = j.value("reference", "");
    return p;
}

std::vector<VatLine> vatFromJson(const json& j)
{
    std::vector<VatLine> out;
    for (const auto& v : j)
        out.push_back({v.at("rate").get<int>(), v.at("gross").get<Money>(), v.at("vat").get<Money>()});
    return out;
}
} // namespace

namespace {
// Built member by member: a braced initializer list would copy every value
// (and every nested array) once more, which a sale pays for on each commit.
// The output is the same either way: object keys are kept sorted.
class ObjectBuilder {
public:
    ObjectBuilder() : m_json(json::object()), m_object(m_json.get_ref<json::object_t&>()) {}
    template <typename T>
    ObjectBuilder& add(const char* key, T&& value)
    {
        m_object.emplace(key, std::forward<T>(value));
        return *this;
    }
    json take() { return std::move(m_json); }

private:
    json m_json;
    json::object_t& m_object;
};

template <typename Items>
json arrayOf(const Items& items)
{
    json out = json::array();
    auto& array = out.get_ref<json::array_t&>();
    array.reserve(items.size());
    for (const auto& item : items)
        array.push_back(toJson(item));
    return out;
}
} // namespace

json toJson(const Payment& p)
{
    return ObjectBuilder()
        .add("method", paymentMethodKey(p.method))
        .add("amount", p.amount)
        .add("reference", p.reference)
        .take();
}

json toJson(const VatLine& v) { return ObjectBuilder().add("rate", v.rate).add("gross", v.gross).add("vat", v.vat).take(); }

json toJson(const SaleLine& l)
{
    ObjectBuilder b;
    b.add("line_no", l.lineNo)
        .add("code", l.productCode)
        .add("gtin", l.gtin)
        .add("name", l.name)
        .add("unit", l.unit)
        .add("quantity", l.quantity)
        .add("unit_price", l.unitPrice)
        .add("gross", l.gross)
        .add("discount", l.discount)
        .add("net", l.net)
        .add("vat_rate", l.vatRate)
        .add("vat", l.vat);
    // Only when a pack's code named a lot, so events without lots stay as they were.
    if (!l.lot.empty())
        b.add("lot", l.lot);
    if (!l.lotExpiry.empty())
        b.add("lot_expiry", l.lotExpiry);
    if (!l.expiredApprovedBy.empty())
        b.add("expired_approved_by", l.expiredApprovedBy);
    return b.take();
}

json toJson(const Sale& s)
{
    return ObjectBuilder()
        .add("id", s.id)
        .add("receipt", s.receiptNo)
        .add("receipt_seq", s.receiptSeq)
        .add("point", s.pointCode)
        .add("terminal", s.terminalCode)
        .add("cashier_id", s.cashierId)
        .add("cashier", s.cashierName)
        .add("shift_id", s.shiftId)
        .add("approved_by", s.approvedBy)
        .add("created_at", s.createdAt)
        .add("time", isoUtc(s.createdAt))
        .add("lines", arrayOf(s.lines))
        .add("payments", arrayOf(s.payments))
        .add("gross", s.gross)
        .add("discount", s.discount)
        .add("total", s.total)
        .add("vat", s.vat)
        .add("vat_by_rate", arrayOf(s.vatByRate))
        .add("paid", s.paid)
        .add("change", s.change)
        .take();
}

namespace {
// Appends JSON text exactly as nlohmann's dump() writes it (no spaces, UTF-8
// kept as it is, the same escapes). Text that is not valid UTF-8 goes through
// dump() itself, which refuses it as toJson(...).dump() would.
class DumpWriter {
public:
    explicit DumpWriter(std::string& out) : m_out(out) {}

    // Keys are the literals below, in the sorted order of the object they belong to.
    DumpWriter& key(std::string_view k, bool first = false)
    {
        if (!first)
            m_out += ',';
        m_out += '"';
        m_out += k;
        m_out += "\":";
        return *this;
    }
    DumpWriter& integer(std::int64_t v)
    {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, r.ptr);
        return *this;
    }
    DumpWriter& text(std::string_view s)
    {
        const std::size_t mark = m_out.size();
        m_out += '"';
        for (std::size_t i = 0; i < s.size();) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x80) {
                const auto* p = reinterpret_cast<const unsigned char*>(s.data());
                const std::size_t n = utf8::sequenceLength(p + i, p + s.size());
                if (n == 0) { // not UTF-8: let dump() say so
                    m_out.resize(mark);
                    m_out += json(std::string(s)).dump();
                    return *this;
                }
                m_out.append(s.data() + i, n);
                i += n;
                continue;
            }
            switch (c) {
            case '"': m_out += "\\\""; break;
            case '\\': m_out += "\\\\"; break;
            case '\b': m_out += "\\b"; break;
            case '\f': m_out += "\\f"; break;
            case '\n': m_out += "\\n"; break;
            case '\r': m_out += "\\r"; break;
            case '\t': m_out += "\\t"; break;
            default:
                if (c < 0x20) {
                    static constexpr char hex[] = "0123456789abcdef";
                    m_out += "\\u00";
                    m_out += hex[c >> 4];
                    m_out += hex[c & 0xF];
                } else {
                    m_out += static_cast<char>(c);
                }
            }
            ++i;
        }
        m_out += '"';
        return *this;
    }
    DumpWriter& raw(std::string_view s)
    {
        m_out += s;
        return *this;
    }

private:
    std::string& m_out;
};
} // namespace

std::string saleEventText(const Sale& s)
{
    // Keys in std::map order, as toJson(s) holds them.
    std::string out;
    out.reserve(1024 + 320 * s.lines.size());
    DumpWriter w(out);
    w.raw("{").key("approved_by", true).text(s.approvedBy);
    w.key("cashier").text(s.cashierName).key("cashier_id").text(s.cashierId);
    w.key("change").integer(s.change).key("created_at").integer(s.createdAt);
    w.key("discount").integer(s.discount).key("gross").integer(s.gross).key("id").text(s.id);
    w.key("lines").raw("[");
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
        const auto& l = s.lines[i];
        w.raw(i ? ",{" : "{").key("code", true).text(l.productCode).key("discount").integer(l.discount);
        if (!l.expiredApprovedBy.empty())
            w.key("expired_approved_by").text(l.expiredApprovedBy);
        w.key("gross").integer(l.gross).key("gtin").text(l.gtin).key("line_no").integer(l.lineNo);
        if (!l.lot.empty())
            w.key("lot").text(l.lot);
        if (!l.lotExpiry.empty())
            w.key("lot_expiry").text(l.lotExpiry);
        w.key("name").text(l.name).key("net").integer(l.net).key("quantity").integer(l.quantity);
        w.key("unit").text(l.unit).key("unit_price").integer(l.unitPrice);
        w.key("vat").integer(l.vat).key("vat_rate").integer(l.vatRate).raw("}");
    }
    w.raw("]").key("paid").integer(s.paid).key("payments").raw("[");
    for (std::size_t i = 0; i < s.payments.size(); ++i) {
        const auto& p = s.payments[i];
        w.raw(i ? ",{" : "{").key("amount", true).integer(p.amount);
        w.key("method").text(paymentMethodKey(p.method)).key("reference").text(p.reference).raw("}");
    }
    w.raw("]").key("point").text(s.pointCode).key("receipt").text(s.receiptNo);
    w.key("receipt_seq").integer(s.receiptSeq).key("shift_id").text(s.shiftId);
    w.key("terminal").text(s.terminalCode).key("time").text(isoUtc(s.createdAt));
    w.key("total").integer(s.total).key("vat").integer(s.vat).key("vat_by_rate").raw("[");
    for (std::size_t i = 0; i < s.vatByRate.size(); ++i) {
        const auto& v = s.vatByRate[i];
        w.raw(i ? ",{" : "{").key("gross", true).integer(v.gross).key("rate").integer(v.rate);
        w.key("vat").integer(v.vat).raw("}");
    }
    w.raw("]}");
    return out;
}

json toJson(const ReturnLine& l)
{
    return ObjectBuilder()
        .add("line_no", l.lineNo)
        .add("code", l.productCode)
        .add("name", l.name)
        .add("quantity", l.quantity)
        .add("unit_price", l.unitPrice)
        .add("vat_rate", l.vatRate)
        .add("refund", l.refund)
        .add("vat", l.vat)
        .add("lot", l.lot)
        .take();
}

json toJson(const SaleReturn& r)
{
    return ObjectBuilder()
        .add("id", r.id)
        .add("receipt", r.receiptNo)
        .add("receipt_seq", r.receiptSeq)
        .add("original_sale_id", r.originalSaleId)
        .add("original_receipt", r.originalReceiptNo)
        .add("point", r.pointCode)
        .add("terminal", r.terminalCode)
        .add("cashier_id", r.cashierId)
        .add("cashier", r.cashierName)
        .add("shift_id", r.shiftId)
        .add("reason", r.reason)
        .add("created_at", r.createdAt)
        .add("time", isoUtc(r.createdAt))
        .add("lines", arrayOf(r.lines))
        .add("refunds", arrayOf(r.refunds))
        .add("total", r.total)
        .add("vat", r.vat)
        .add("vat_by_rate", arrayOf(r.vatByRate))
        .take();
}

json toJson(const ZReport& z)
{
    json denominations = json::object();
    for (const auto& [value, count] : z.countedByDenomination)
        denominations[std::to_string(value)] = count;
    return {{"shift_id", z.shiftId},
            {"cashier_id", z.cashierId},
            {"cashier", z.cashierName},
            {"point", z.pointCode},
            {"terminal", z.terminalCode},
            {"opened_at", z.openedAt},
            {"closed_at", z.closedAt},
            {"opening_float", z.openingFloat},
            {"sales_count", z.salesCount},
            {"sales_total", z.salesTotal},
            {"sales_by_method", methodMap(z.salesByMethod)},
            {"returns_count", z.returnsCount},
            {"returns_total", z.returnsTotal},
            {"refunds_by_method", methodMap(z.refundsByMethod)},
            {"discounts", z.discounts},
            {"vat", z.vat},
            {"expected_cash", z.expectedCash},
            {"counted_cash", z.countedCash},
            {"variance", z.variance},
            {"counted_by_denomination", denominations}};
}

json toJson(const Producer& p)
{
    return {{"id", p.id},           {"name", p.name},         {"kind", producerKindKey(p.kind)},
            {"commune", p.commune}, {"district", p.district}, {"province", p.province}};
}

json toJson(const Product& p)
{
    return {{"code", p.code},
            {"image", p.image},
            {"gtin", p.gtin},
            {"name", p.nameVi},
            {"name_en", p.nameEn},
            {"group", groupKey(p.group)},
            {"group_name", groupNameVi(p.group)},
            {"legacy_group", legacyGroupKey(p.legacyGroup)},
            {"stars", p.stars},
            {"potential_five_star", p.potentialFiveStar},
            {"certificate_no", p.certificateNo},
            {"certificate_issuer", p.certificateIssuer},
            {"certificate_issued", p.certificateIssued},
            {"certificate_expiry", p.certificateExpiry},
            {"producer_id", p.producerId},
            {"unit", p.unit},
            {"price", p.price},
            {"vat_rate", p.vatRate},
            {"active", p.active},
            {"trace_url", p.traceUrl}};
}

json toJson(const SalesPoint& p)
{
    return {{"code", p.code},          {"name", p.name},
            {"address", p.address},    {"district", p.district},
            {"bank_bin", p.bankBin},   {"bank_account", p.bankAccount},
            {"bank_account_name", p.bankAccountName}};
}

namespace {
template <typename T>
T field(const json& j, const char* name)
{
    if (!j.is_object() || !j.contains(name))
        throw std::invalid_argument(std::string("missing field '") + name + "'");
    try {
        return j.at(name).get<T>();
    } catch (const json::exception&) {
        throw std::invalid_argument(std::string("field '") + name + "' has the wrong type");
    }
}

template <typename T>
T optionalField(const json& j, const char* name, T fallback)
{
    if (!j.is_object() || !j.contains(name) || j.at(name).is_null())
        return fallback;
    return field<T>(j, name);
}
} // namespace

Product productFromJson(const json& j)
{
    Product p;
    p.code = field<std::string>(j, "code");
    p.gtin = optionalField<std::string>(j, "gtin", "");
    p.nameVi = field<std::string>(j, "name");
    p.nameEn = optionalField<std::string>(j, "name_en", "");
    const auto group = groupFromKey(field<std::string>(j, "group"));
    if (!group)
        throw std::invalid_argument("product " + p.code + ": unknown group");
    p.group = *group;
    const auto legacy = legacyGroupFromKey(optionalField<std::string>(j, "legacy_group", ""));
    p.legacyGroup = legacy ? *legacy : static_cast<LegacyGroup>(static_cast<int>(p.group));
    p.stars = field<int>(j, "stars");
    p.potentialFiveStar = optionalField<bool>(j, "potential_five_star", false);
    p.certificateNo = optionalField<std::string>(j, "certificate_no", "");
    p.certificateIssuer = optionalField<std::string>(j, "certificate_issuer", "");
    p.certificateIssued = optionalField<std::string>(j, "certificate_issued", "");
    p.certificateExpiry = optionalField<std::string>(j, "certificate_expiry", "");
    p.producerId = optionalField<std::string>(j, "producer_id", "");
    p.unit = optionalField<std::string>(j, "unit", "");
    p.price = field<Money>(j, "price");
    p.vatRate = field<int>(j, "vat_rate");
    p.active = optionalField<bool>(j, "active", true);
    p.image = optionalField<std::string>(j, "image", "");
    p.traceUrl = optionalField<std::string>(j, "trace_url", "");
    try {
        validateProduct(p);
    } catch (const std::exception& e) {
        throw std::invalid_argument(e.what());
    }
    return p;
}

Producer producerFromJson(const json& j)
{
    Producer p;
    p.id = field<std::string>(j, "id");
    p.name = field<std::string>(j, "name");
    const auto kind = producerKindFromKey(field<std::string>(j, "kind"));
    if (!kind)
        throw std::invalid_argument("producer " + p.id + ": kind must be enterprise, cooperative or household");
    p.kind = *kind;
    p.commune = optionalField<std::string>(j, "commune", "");
    p.district = optionalField<std::string>(j, "district", "");
    p.province = optionalField<std::string>(j, "province", "");
    return p;
}

SalesPoint salesPointFromJson(const json& j)
{
    SalesPoint p;
    p.code = field<std::string>(j, "code");
    p.name = field<std::string>(j, "name");
    p.address = optionalField<std::string>(j, "address", "");
    p.district = optionalField<std::string>(j, "district", "");
    // Optional: a centre from before bank accounts were published sends none.
    p.bankBin = optionalField<std::string>(j, "bank_bin", "");
    p.bankAccount = optionalField<std::string>(j, "bank_account", "");
    p.bankAccountName = optionalField<std::string>(j, "bank_account_name", "");
    return p;
}

Sale saleFromJson(const json& j)
{
    Sale s;
    s.id = j.at("id").get<std::string>();
    s.receiptNo = j.at("receipt").get<std::string>();
    s.receiptSeq = j.at("receipt_seq").get<std::int64_t>();
    s.pointCode = j.at("point").get<std::string>();
    s.terminalCode = j.at("terminal").get<std::string>();
    s.cashierId = j.value("cashier_id", "");
    s.cashierName = j.value("cashier", "");
    s.shiftId = j.value("shift_id", "");
    s.approvedBy = j.value("approved_by", "");
    s.createdAt = j.at("created_at").get<TimestampMs>();
    for (const auto& l : j.at("lines")) {
        SaleLine line;
        line.lineNo = l.at("line_no").get<int>();
        line.productCode = l.at("code").get<std::string>();
        line.gtin = l.value("gtin", "");
        line.name = l.at("name").get<std::string>();
        line.unit = l.value("unit", "");
        line.quantity = l.at("quantity").get<std::int64_t>();
        line.unitPrice = l.at("unit_price").get<Money>();
        line.gross = l.at("gross").get<Money>();
        line.discount = l.at("discount").get<Money>();
        line.net = l.at("net").get<Money>();
        line.vatRate = l.at("vat_rate").get<int>();
        line.vat = l.at("vat").get<Money>();
        line.lot = l.value("lot", "");
        line.lotExpiry = l.value("lot_expiry", "");
        line.expiredApprovedBy = l.value("expired_approved_by", "");
        s.lines.push_back(std::move(line));
    }
    for (const auto& p : j.at("payments"))
        s.payments.push_back(paymentFromJson(p));
    s.gross = j.at("gross").get<Money>();
    s.discount = j.at("discount").get<Money>();
    s.total = j.at("total").get<Money>();
    s.vat = j.at("vat").get<Money>();
    s.vatByRate = vatFromJson(j.at("vat_by_rate"));
    s.paid = j.at("paid").get<Money>();
    s.change = j.at("change").get<Money>();
    return s;
}

SaleReturn returnFromJson(const json& j)
{
    SaleReturn r;
    r.id = j.at("id").get<std::string>();
    r.receiptNo = j.at("receipt").get<std::string>();
    r.receiptSeq = j.at("receipt_seq").get<std::int64_t>();
    r.originalSaleId = j.at("original_sale_id").get<std::string>();
    r.originalReceiptNo = j.at("original_receipt").get<std::string>();
    r.pointCode = j.at("point").get<std::string>();
    r.terminalCode = j.at("terminal").get<std::string>();
    r.cashierId = j.value("cashier_id", "");
    r.cashierName = j.value("cashier", "");
    r.shiftId = j.value("shift_id", "");
    r.reason = j.value("reason", "");
    r.createdAt = j.at("created_at").get<TimestampMs>();
    for (const auto& l : j.at("lines")) {
        ReturnLine line;
        line.lineNo = l.at("line_no").get<int>();
        line.productCode = l.at("code").get<std::string>();
        line.name = l.at("name").get<std::string>();
        line.quantity = l.at("quantity").get<std::int64_t>();
        line.unitPrice = l.at("unit_price").get<Money>();
        line.vatRate = l.at("vat_rate").get<int>();
        line.refund = l.at("refund").get<Money>();
        line.vat = l.at("vat").get<Money>();
        line.lot = l.value("lot", "");
        r.lines.push_back(std::move(line));
    }
    for (const auto& p : j.at("refunds"))
        r.refunds.push_back(paymentFromJson(p));
    r.total = j.at("total").get<Money>();
    r.vat = j.at("vat").get<Money>();
    r.vatByRate = vatFromJson(j.at("vat_by_rate"));
    return r;
}

} // namespace ocop
