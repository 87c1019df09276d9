#pragma once
// The JSON shape of everything a terminal records and reports: the outbox
// event payloads sent to the centre and the CLI's --json output share these
// functions, so one message is defined in one place.
#include "core/catalog.h"
#include "core/sale.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ocop {

namespace event_type {
inline constexpr std::string_view SaleCompleted = "sale.completed";
inline constexpr std::string_view SaleReturned = "sale.returned";
inline constexpr std::string_view ShiftOpened = "shift.opened";
inline constexpr std::string_view ShiftClosed = "shift.closed";
inline constexpr std::string_view StockMoved = "stock.moved";
inline constexpr std::string_view CartVoided = "cart.voided";
} // namespace event_type

nlohmann::json toJson(const Payment& p);
nlohmann::json toJson(const VatLine& v);
nlohmann::json toJson(const SaleLine& l);
nlohmann::json toJson(const Sale& s);
// toJson(s).dump(), byte for byte, written straight to text: the one JSON a
// terminal writes on every sale (its outbox event), without building the tree.
std::string saleEventText(const Sale& s);
nlohmann::json toJson(const ReturnLine& l);
nlohmann::json toJson(const SaleReturn& r);
nlohmann::json toJson(const ZReport& z);
nlohmann::json toJson(const Product& p);
nlohmann::json toJson(const Producer& p);
nlohmann::json toJson(const SalesPoint& p);

// Strict readers: throw std::invalid_argument naming the bad field, and run
// validateProduct so a catalog row that could not be sold never gets in.
Product productFromJson(const nlohmann::json& j);
Producer producerFromJson(const nlohmann::json& j);
SalesPoint salesPointFromJson(const nlohmann::json& j);

Sale saleFromJson(const nlohmann::json& j);
SaleReturn returnFromJson(const nlohmann::json& j);

} // namespace ocop
