#pragma once
// did_you_mean() plus one case it misses: two swapped adjacent letters
// ("imgae" for "image") cost 2 in its plain edit distance, too much for a
// short word, yet they are the commonest typo in a key.
#include <string>
#include <vector>

#include "infractl/core/diagnostics.hpp"

namespace infractl {

std::string suggest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace infractl
