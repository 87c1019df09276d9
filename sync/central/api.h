#pragma once
// API v1 (sync/central/openapi.yaml) independent of the transport: the HTTP
// server hands each parsed request here (on a DB worker thread) and writes
// back what it returns.
#include "central_store.h"
#include "metrics.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ocop::central {

struct ApiRequest {
    std::string method;       // "GET", "POST", ...
    std::string target;       // path and query
    std::string authorization;
    std::string contentType;
    std::string body;         // already inflated
    bool loopbackPeer = false;
};

struct ApiResponse {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::string route = "unmatched"; // label for metrics
    std::vector<std::pair<std::string, std::string>> headers;
    // What the request built that the reply no longer needs (a parsed batch:
    // a tree of thousands of small allocations). The server frees it on the
    // worker thread after handing the reply to the connection, so the freeing
    // overlaps with sending the reply instead of delaying it.
    std::shared_ptr<const void> retired;
};

ApiResponse errorResponse(int status, const std::string& code, const std::string& message);

class Api {
public:
    Api(CentralStore& store, Metrics& metrics, std::string metricsToken = {})
        : m_store(store), m_metrics(metrics), m_metricsToken(std::move(metricsToken))
    {
    }
    ApiResponse handle(const ApiRequest& req);

private:
    ApiResponse enroll(const ApiRequest& req);
    ApiResponse events(const ApiRequest& req);
    ApiResponse catalog(const ApiRequest& req, const std::string& query);
    AuthTerminal requireTerminal(const ApiRequest& req);
    void requireMetricsAccess(const ApiRequest& req) const;

    CentralStore& m_store;
    Metrics& m_metrics;
    std::string m_metricsToken;
};

} // namespace ocop::central
