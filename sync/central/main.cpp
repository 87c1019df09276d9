#include "admin.h"

int main(int argc, char** argv) { return ocop::central::runCentral(argc, argv); }
