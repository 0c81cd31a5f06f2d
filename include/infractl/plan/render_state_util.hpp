#pragma once
// Small formatting pieces shared by the text and JSON renders of a desired state.
#include <map>
#include <string>
#include <vector>

#include "infractl/plan/render.hpp"
#include "infractl/topology/topology.hpp"

namespace infractl {

// Arguments joined with spaces; an argument with spaces or shell metacharacters
// is single-quoted, so the line can be pasted into a shell.
std::string shell_join(const std::vector<std::string>& args);
// "healthy", "started", "completed successfully".
const char* dependency_condition_word(DependCondition c);
// "unless-stopped", "on-failure:5".
std::string restart_text(RestartPolicy p, int max_retries);
// The value, or "(sensitive)" for a secret unless opts.show_secrets; the
// password of a URL inside a value that is not secret as a whole is masked.
std::string shown_env(const EnvValue& v, const RenderOptions& opts);
// Text that is not secret but may hold a URL with a password (a command
// argument, a managed endpoint): that password masked unless opts.show_secrets.
std::string shown_text(const std::string& text, const RenderOptions& opts);
std::vector<std::string> shown_args(const std::vector<std::string>& args, const RenderOptions& opts);
// Labels without the io.infractl. ones (those are listed elsewhere).
std::map<std::string, std::string> user_labels(const std::map<std::string, std::string>& labels);

}  // namespace infractl
