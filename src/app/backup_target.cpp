#include "backup_target.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "infractl/attach/targets.hpp"
#include "infractl/core/redact.hpp"
#include "infractl/engine/docker_engine.hpp"

namespace infractl {

namespace {

class ContainerDatabase : public DatabaseTarget {
public:
    ContainerDatabase(std::unique_ptr<DockerEngine> engine, Target target, PgTarget db)
        : engine_(std::move(engine)), target_(std::move(target)), db_(std::move(db)) {}
    std::string where() const override { return fmt::format("{} ({})", target_.label(), target_.container); }
    PgTarget database() const override { return db_; }
    std::unique_ptr<PgTool> start(const std::vector<std::string>& argv, bool with_stdin,
                                  PgTool::Sink out) override {
        return start_exec_tool(*engine_, target_.id, fmt::format("{} in {}", argv.at(0), where()), argv,
                               with_stdin, std::move(out));
    }

private:
    std::unique_ptr<DockerEngine> engine_;
    Target target_;
    PgTarget db_;
};

class ManagedDatabase : public DatabaseTarget {
public:
    ManagedDatabase(const ManagedService& m)
        : key_(m.key),
          url_(m.endpoint),
          env_(managed_pg_environment(m.endpoint)),
          db_(managed_pg_target(m.endpoint)) {}
    std::string where() const override {
        return fmt::format("{} (managed: {})", key_.str(), mask_url_passwords(url_));
    }
    PgTarget database() const override { return db_; }
    std::unique_ptr<PgTool> start(const std::vector<std::string>& argv, bool with_stdin,
                                  PgTool::Sink out) override {
        return start_host_tool(argv, env_, with_stdin, std::move(out));
    }

private:
    ServiceKey key_;
    std::string url_;
    std::vector<std::pair<std::string, std::string>> env_;
    PgTarget db_;
};

const ManagedService* find_managed(const DesiredState& d, const std::string& project,
                                   const std::string& service) {
    for (const auto& m : d.managed) {
        bool project_matches =
            m.key.project == project || (project == kGlobalProjectArg && m.key.project == kGlobalProject);
        if (project_matches && m.key.service == service) return &m;
    }
    return nullptr;
}

}  // namespace

std::unique_ptr<DatabaseTarget> locate_database(Session& s, const std::string& project,
                                                const std::string& service) {
    if (const ManagedService* m = find_managed(s.desired(), project, service)) {
        if (!is_postgres_url(m->endpoint))
            throw Error(
                ErrorKind::refused,
                fmt::format("{} is managed by profile '{}' at an endpoint that is not a PostgreSQL URL",
                            m->key.str(), s.desired().profile),
                "backup and restore work on PostgreSQL services (postgresql://...)");
        return std::make_unique<ManagedDatabase>(*m);
    }
    Selection sel = check_selection(s.desired(), project, service, std::nullopt);
    ServiceKey key{sel.project, sel.service};
    const DesiredService* svc = s.desired().find(key);
    if (svc == nullptr || !is_postgres_service(*svc))
        throw Error(
            ErrorKind::refused,
            fmt::format("{} is not a PostgreSQL service (image {})", key.str(), svc ? svc->spec.image : "?"),
            "backup and restore work on services whose image is PostgreSQL's");
    if (s.backend_name() != "docker")
        throw Error(ErrorKind::refused, "backup and restore run in the containers of the docker backend",
                    "for Swarm services run pg_dump with `docker exec` on the node that runs the task");
    auto engine = std::make_unique<DockerEngine>(engine_socket_path(s.options().host));
    std::vector<Target> targets = select_targets(engine->list_containers(s.stack()), sel);
    Target target = pick_running(targets, key, std::nullopt);
    return std::make_unique<ContainerDatabase>(std::move(engine), std::move(target), pg_target_of(svc->spec));
}

}  // namespace infractl
