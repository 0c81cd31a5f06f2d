// The Docker wire format without an engine: bodies, inspect mapping, errors,
// refs, streams, hosts.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "infractl/engine/docker_engine.hpp"
#include "infractl/engine/docker_json.hpp"

using namespace infractl;
using nlohmann::json;

TEST_CASE("create body: env sorted K=V - first network at create - swap -1 with memory", "[engine]") {
    ContainerSpec s;
    s.image = "redis:7";
    s.environment = {{"Z", EnvValue{"last"}}, {"A", EnvValue{"x=y"}}};
    s.ports = {{"127.0.0.1", 6379, 6379, "tcp"}, {"", 0, 53, "udp"}};
    s.networks = {"st_back", "st_front"};
    s.network_alias = "redis";
    s.memory_limit = Bytes{512 << 20};
    s.stop_grace_period = Duration{1'500'000'000};
    json b = container_create_body(s);
    CHECK(b["Env"] == json({"A=x=y", "Z=last"}));
    CHECK(b["ExposedPorts"] == json({{"6379/tcp", json::object()}, {"53/udp", json::object()}}));
    CHECK(b["HostConfig"]["PortBindings"]["6379/tcp"] == json({{{"HostIp", "127.0.0.1"}, {"HostPort", "6379"}}}));
    CHECK(b["HostConfig"]["PortBindings"]["53/udp"] == json({{{"HostIp", ""}, {"HostPort", ""}}}));
    CHECK(b["HostConfig"]["NetworkMode"] == "st_back");
    CHECK(b["NetworkingConfig"] == json({{"EndpointsConfig", {{"st_back", {{"Aliases", {"redis"}}}}}}}));
    CHECK(b["HostConfig"]["Memory"] == 512 << 20);
    CHECK(b["HostConfig"]["MemorySwap"] == -1);
    CHECK_FALSE(b["HostConfig"].contains("NanoCpus"));
    CHECK(b["StopTimeout"] == 2);  // rounded up
    CHECK_FALSE(b.contains("Cmd"));
    CHECK(b["HostConfig"]["RestartPolicy"] == json({{"Name", "unless-stopped"}}));
}

TEST_CASE("create body and inspect: a CPU reservation is CpuShares - update sends it too", "[engine]") {
    ContainerSpec s;
    s.image = "postgres:16";
    s.cpu_reservation = NanoCpus{250'000'000};
    CHECK(container_create_body(s)["HostConfig"]["CpuShares"] == 256);
    CHECK(container_update_body(s)["CpuShares"] == 256);
    ContainerSpec none;
    none.image = "x";
    CHECK_FALSE(container_create_body(none)["HostConfig"].contains("CpuShares"));

    json j = json::parse(R"({"Id":"abc","Name":"/x","HostConfig":{"CpuShares":256}})");
    REQUIRE(container_from_inspect(j).spec.cpu_reservation);
    CHECK(container_from_inspect(j).spec.cpu_reservation->value == 250'000'000);
    json unset = json::parse(R"({"Id":"abc","Name":"/x","HostConfig":{"CpuShares":0}})");
    CHECK_FALSE(container_from_inspect(unset).spec.cpu_reservation);
}

TEST_CASE("create body: a disabled healthcheck is Test NONE", "[engine]") {
    ContainerSpec s;
    Healthcheck hc;
    hc.disabled = true;
    s.healthcheck = hc;
    CHECK(container_create_body(s)["Healthcheck"] == json({{"Test", {"NONE"}}}));
}

TEST_CASE("inspect: wrong types and missing fields read as absent - never crash", "[engine]") {
    json j = json::parse(R"({"Id":"abc","Name":"/x","State":"weird","Config":[1,2],
        "HostConfig":{"NanoCpus":"lots","Memory":1048576,"PortBindings":{"80/tcp":null,"81/tcp":[{"HostPort":7}]}},
        "NetworkSettings":{"Networks":{"n1":{"Aliases":["x","al",3]}}}})");
    ObservedContainer c = container_from_inspect(j);
    CHECK(c.name == "x");
    CHECK(c.state == ContainerState::unknown);
    CHECK(c.spec.image.empty());
    CHECK_FALSE(c.spec.cpu_limit);
    CHECK(c.spec.memory_limit == Bytes{1048576});
    REQUIRE(c.spec.ports.size() == 1);
    CHECK(c.spec.ports[0].container_port == 81);
    CHECK(c.spec.ports[0].host_port == 0);
    CHECK(c.spec.network_alias == "al");  // "x" is the container's own name
    CHECK(c.connected_networks == std::vector<std::string>{"n1"});
    CHECK_THROWS_AS(container_from_inspect(json::array()), Error);
}

TEST_CASE("inspect: the last health check's output - for --wait failures", "[engine]") {
    json j = json::parse(R"({"Id":"abc","Name":"/x","State":{"Status":"running","Health":{"Status":"unhealthy",
        "Log":[{"ExitCode":1,"Output":"first\n"},{"ExitCode":1,"Output":"Connection refused\n"}]}}})");
    ObservedContainer c = container_from_inspect(j);
    CHECK(c.health == Health::unhealthy);
    CHECK(c.last_health_output == "Connection refused\n");
    j["State"]["Health"]["Log"] = json::array();
    CHECK(container_from_inspect(j).last_health_output.empty());
    j["State"]["Health"]["Log"] = "garbage";
    CHECK(container_from_inspect(j).last_health_output.empty());
}

TEST_CASE("list entry: state - health and exit code from Status - mounts and networks", "[engine]") {
    // Trimmed from a real GET /containers/json?all=1 answer of Engine 20.10.
    json j = json::parse(R"({
        "Id": "0123456789abcdef", "Names": ["/turfoo-celery-worker-3"], "Image": "infractl-local/celery:5",
        "ImageID": "sha256:aa", "State": "exited", "Status": "Exited (137) 2 minutes ago",
        "Labels": {"io.infractl.stack": "monorepo", "io.infractl.replica": "3"},
        "Mounts": [{"Type": "volume", "Name": "monorepo_turfoo_data", "Source": "/var/lib/docker/volumes/x",
                    "Destination": "/data", "RW": true},
                   {"Type": "bind", "Source": "/etc/app", "Destination": "/app", "RW": false}],
        "NetworkSettings": {"Networks": {"monorepo_shared": {}, "monorepo_data": {}}}})");
    ObservedContainer c = container_from_summary(j);
    CHECK(c.name == "turfoo-celery-worker-3");
    CHECK(c.state == ContainerState::exited);
    CHECK(c.exit_code == 137);
    CHECK(c.health == Health::none);
    CHECK(c.replica() == 3);
    CHECK(c.image == "infractl-local/celery:5");
    CHECK(c.spec.stop_grace_period == kEngineStopTimeout);
    REQUIRE(c.spec.mounts.size() == 2);
    CHECK(c.spec.mounts[0].is_volume);
    CHECK(c.spec.mounts[0].source == "monorepo_turfoo_data");
    CHECK_FALSE(c.spec.mounts[0].read_only);
    CHECK_FALSE(c.spec.mounts[1].is_volume);
    CHECK(c.spec.mounts[1].read_only);
    CHECK(c.connected_networks == std::vector<std::string>{"monorepo_data", "monorepo_shared"});

    for (const auto& [status, health] : std::vector<std::pair<std::string, Health>>{
             {"Up 3 minutes (healthy)", Health::healthy},
             {"Up 1 second (health: starting)", Health::starting},
             {"Up 9 minutes (unhealthy)", Health::unhealthy},
             {"Up 9 minutes", Health::none}}) {
        j["State"] = "running";
        j["Status"] = status;
        CHECK(container_from_summary(j).health == health);
        CHECK(container_from_summary(j).exit_code == 0);
    }
    CHECK_THROWS_AS(container_from_summary(json::object()), Error);
}

TEST_CASE("network inspect: detaching endpoints (ep-...) are not attached containers", "[engine]") {
    // Seen on Engine 20.10 while a container of the network is being stopped.
    json j = json::parse(R"({"Id": "n1", "Name": "st_net", "Driver": "bridge", "Internal": false,
        "Containers": {"b2": {"Name": "st-b"}, "ep-c322250ac321b": {"Name": "st-a"}, "a1": {"Name": "st-c"}}})");
    ObservedNetwork n = network_from_json(j);
    CHECK(n.container_ids == std::vector<std::string>{"a1", "b2"});
}

TEST_CASE("engine errors: status -> kind - the engine's message in the text", "[engine]") {
    struct {
        long status;
        std::string body;
        ErrorKind kind;
        std::string text;
    } cases[] = {
        {404, R"({"message":"No such container: x"})", ErrorKind::not_found, "inspect 'x': No such container: x"},
        {409, R"({"message":"name in use"})" "\n", ErrorKind::conflict, "inspect 'x': name in use"},
        {400, R"({"cause":"bad","message":""})", ErrorKind::bad_request, "inspect 'x': bad"},
        {500, "plain failure\n", ErrorKind::server_error, "inspect 'x': plain failure"},
        {503, "", ErrorKind::server_error, "inspect 'x': HTTP 503"},
        {403, R"({"message":"forbidden"})", ErrorKind::bad_request, "inspect 'x': forbidden"},
    };
    for (const auto& c : cases) {
        Error e = engine_error(HttpResponse{c.status, c.body, {}}, "inspect 'x'");
        CHECK(e.kind() == c.kind);
        CHECK(std::string(e.what()) == c.text);
    }
    try {
        parse_engine_json(R"({"Id": "abc", "Na)", "inspect 'x'");
        FAIL("truncated JSON must throw");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::malformed_response);
        CHECK(std::string(e.what()) ==
              "inspect 'x': the engine's answer is not valid JSON (17 bytes, starting '{\"Id\": \"abc\", \"Na')");
    }
}

TEST_CASE("image refs split for POST /images/create", "[engine]") {
    struct {
        std::string ref, from, tag;
    } cases[] = {
        {"redis", "redis", "latest"},
        {"redis:7-alpine", "redis", "7-alpine"},
        {"localhost:5000/team/app", "localhost:5000/team/app", "latest"},
        {"localhost:5000/team/app:1.2", "localhost:5000/team/app", "1.2"},
        {"app@sha256:abcd", "app", "sha256:abcd"},
        {"host:5000/app:1@sha256:abcd", "host:5000/app:1", "sha256:abcd"},
        {"app:", "app", "latest"},
    };
    for (const auto& c : cases) {
        ImageRef r = split_image_ref(c.ref);
        CHECK(r.from_image == c.from);
        CHECK(r.tag == c.tag);
    }
}

TEST_CASE("pull lines: progress parsed - in-band errors thrown", "[engine]") {
    PullProgress p = pull_line(R"({"status":"Downloading","progressDetail":{"current":5,"total":10}})", "a:1");
    CHECK(p.status == "Downloading");
    CHECK(p.current == 5);
    CHECK(p.total == 10);
    CHECK(pull_line("not json", "a:1").status.empty());
    try {
        pull_line(R"({"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"})", "a:1");
        FAIL("an in-band error must throw");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "pull 'a:1': manifest unknown");
    }
}

TEST_CASE("stats: CPU percent over online CPUs - memory minus inactive file", "[engine]") {
    json v2 = json::parse(R"({"cpu_stats":{"cpu_usage":{"total_usage":300},"system_cpu_usage":2000,"online_cpus":2},
        "precpu_stats":{"cpu_usage":{"total_usage":100},"system_cpu_usage":1000},
        "memory_stats":{"usage":1000,"limit":4000,"stats":{"inactive_file":300}}})");
    ContainerStats s = stats_from_json(v2);
    CHECK(s.cpu_percent == Approx(40.0));
    CHECK(s.memory_used == 700);
    CHECK(s.memory_limit == 4000);
    json v1 = json::parse(R"({"memory_stats":{"usage":1000,"stats":{"total_inactive_file":100,"inactive_file":900}}})");
    CHECK(stats_from_json(v1).memory_used == 900);
    CHECK(stats_from_json(json::object()).cpu_percent == 0);
}

TEST_CASE("exec stream demultiplexed - truncated frame kept", "[engine]") {
    std::string raw = std::string("\x01\0\0\0\0\0\0\x03out", 11) + std::string("\x02\0\0\0\0\0\0\x04" "er", 10);
    CHECK(demux_stream(raw) == "outer");
}

TEST_CASE("engine host: unix sockets only", "[engine]") {
    CHECK(parse_engine_host("unix:///var/run/docker.sock") == "/var/run/docker.sock");
    CHECK(engine_socket_path("unix:///tmp/d.sock") == "/tmp/d.sock");
    try {
        engine_socket_path("tcp://10.0.0.1:2375");
        FAIL("tcp must be refused");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::invalid_input);
        CHECK(std::string(e.what()) ==
              "unsupported engine host 'tcp://10.0.0.1:2375' (from -H): infractl talks to the engine over a Unix "
              "socket only");
        CHECK(e.hint() == "use unix:///path/to/docker.sock, e.g. unix:///var/run/docker.sock");
    }
    CHECK_THROWS_WITH(parse_engine_host("unix://relative.sock"),
                      "invalid engine host 'unix://relative.sock': the socket path must be absolute");
}

TEST_CASE("API version: the daemon's - capped at the newest we speak", "[engine]") {
    CHECK(choose_api_version("1.41") == "1.41");
    CHECK(choose_api_version("1.40") == "1.40");
    CHECK(choose_api_version("1.43") == "1.43");
    CHECK(choose_api_version("1.52") == "1.44");
    CHECK(choose_api_version("2.0") == "1.44");
    CHECK(choose_api_version("") == "1.41");
    CHECK(choose_api_version("garbage") == "1.41");
}
