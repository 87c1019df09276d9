#pragma once
namespace ocop::central {
// The whole `ocop-central` command line (server and admin commands).
// Exit 0 ok, 2 bad input (one line on stderr, nothing changed), 1 other failure.
int runCentral(int argc, char** argv);
} // namespace ocop::central
