// The options calibrate passes on to stowage-loader, checked by stowage before the loader starts,
// so that a mistake is one line naming the option (a UsageError, exit 2) rather than the loader's
// usage text: --dir a directory; --read a readable, non-empty regular file on a real file system
// (not /proc or /sys, whose files report no size and hold no weights); sizes positive multiples
// of 8 bytes, --io-chunk no larger than --file-size; counts within what the loader accepts.
#pragma once

#include <string>
#include <vector>

namespace stowage::advisor {

/// Throws UsageError at the first bad option in `args` (flag, value pairs and bare flags, as
/// calibrate forwards them).
void check_loader_options(const std::vector<std::string>& args);

/// Empty when `name` can name a profile file: not empty, no '/', not '.' or '..', no NUL or
/// control character; else the problem.
std::string plain_name_problem(std::string_view name);

}  // namespace stowage::advisor
