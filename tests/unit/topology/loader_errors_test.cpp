// Every problem the loader reports, with its exact text and position.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/topology_text.hpp"

using namespace infractl;
using Lines = std::vector<std::string>;

TEST_CASE("the loader reports each problem located and worded exactly", "[loader]") {
    static const struct {
        const char* name;
        const char* yaml;
        Lines expected;
    } cases[] = {
        {"syntax error", "version: 1\nstack: s\nglobals:\n  redis: {image: [}\n",
         {"t.yaml:4:19: invalid YAML: did not find expected node content (while parsing a flow node at line 4) (hint: "
          "check the indentation and quoting on this line and the one before)"}},
        {"duplicate top-level key", "version: 1\nglobals: {}\nstack: s\nglobals: {}\n",
         {"t.yaml:4:1: duplicate key 'globals' (hint: first defined at line 2)"}},
        {"duplicate service key", "version: 1\nstack: s\nglobals:\n  redis:\n    image: a\n    image: b\n",
         {"t.yaml:6:5: duplicate key 'image' (hint: first defined at line 5)"}},
        {"unknown top-level key", "version: 1\nstack: s\nglobal: {}\n",
         {"t.yaml:3:1: unknown key 'global' at the top level (hint: did you mean 'globals'?)"}},
        {"unknown service key, swapped letters", "version: 1\nstack: s\nglobals:\n  redis:\n    imgae: redis:7\n",
         {"t.yaml:5:5: unknown key 'imgae' in service 'redis' (hint: did you mean 'image'?)"}},
        {"unknown key far from any", "version: 1\nstack: s\nglobals:\n  redis:\n    image: r\n    colour: red\n",
         {"t.yaml:6:5: unknown key 'colour' in service 'redis'"}},
        {"extension keys are ignored", "version: 1\nstack: s\nx-common: &c {image: r}\nglobals:\n  redis: *c\n", {}},
        {"resources as a sequence",
         "version: 1\nstack: s\nglobals:\n  redis:\n    image: r\n    resources: [1, 2]\n",
         {"t.yaml:6:16: expected a mapping for 'resources', got a sequence"}},
        {"image as a mapping", "version: 1\nstack: s\nglobals:\n  redis:\n    image: {name: r}\n",
         {"t.yaml:5:12: expected a string for 'image', got a mapping"}},
        {"bad memory and cpus",
         "version: 1\nstack: s\nglobals:\n  redis:\n    image: r\n    resources:\n      limits: {memory: 512Q, "
         "cpus: -1}\n      reservations: {memory: 0}\n",
         {"t.yaml:7:24: invalid memory '512Q' (hint: use a number with k, M, G or T, e.g. 512M or 1.5G)",
          "t.yaml:7:36: invalid cpus '-1' (hint: use a positive number of CPUs up to 1024, e.g. 0.5 or 2)",
          "t.yaml:8:30: invalid memory '0' (hint: use a number with k, M, G or T, e.g. 512M or 1.5G)"}},
        {"unknown key in limits",
         "version: 1\nstack: s\nglobals:\n  redis:\n    image: r\n    resources:\n      limits: {memroy: 1G}\n",
         {"t.yaml:7:16: unknown key 'memroy' in 'limits' of service 'redis' (hint: did you mean 'memory'?)"}},
        {"replicas below 0", "version: 1\nstack: s\nprojects:\n  p:\n    services:\n      web: {image: w, replicas: -1}\n",
         {"t.yaml:6:33: replicas must be 0 or more, got -1"}},
        {"replicas not a number",
         "version: 1\nstack: s\nprojects:\n  p:\n    services:\n      web: {image: w, replicas: many}\n",
         {"t.yaml:6:33: expected an integer for 'replicas', got 'many'"}},
        {"max_replicas 0", "version: 1\nstack: s\nprojects:\n  p:\n    services:\n      web: {image: w, max_replicas: 0}\n",
         {"t.yaml:6:37: max_replicas must be 1 or more, got 0"}},
        {"invalid names",
         "version: 1\nstack: Mono\nnetworks:\n  Net_: {}\nprojects:\n  -p:\n    services:\n      Redis_1!: {image: r}\n",
         {"t.yaml:2:8: invalid stack name 'Mono': use lowercase letters, digits, '-' and '_', starting and ending "
          "with a letter or digit",
          "t.yaml:4:3: invalid network name 'Net_': use lowercase letters, digits, '-' and '_', starting and ending "
          "with a letter or digit",
          "t.yaml:6:3: invalid project name '-p': use lowercase letters, digits, '-' and '_', starting and ending "
          "with a letter or digit",
          "t.yaml:8:7: invalid service name 'Redis_1!': use lowercase letters, digits, '-' and '_', starting and "
          "ending with a letter or digit"}},
        {"name too long",
         "version: 1\nstack: s\nglobals:\n  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: {image: r}\n",
         {"t.yaml:4:3: invalid service name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa': at most "
          "63 characters"}},
        {"unsupported version", "version: 2\nstack: s\n",
         {"t.yaml:1:10: unsupported version 2; this infractl reads version 1"}},
        {"missing version and stack", "globals: {}\n",
         {"t.yaml:1:1: missing 'stack' (hint: add 'stack: <name>', e.g. stack: monorepo)",
          "t.yaml:1:1: missing 'version' (hint: add 'version: 1' at the top of the file)"}},
        {"top level not a mapping", "- version: 1\n",
         {"t.yaml:1:1: expected a mapping at the top of the topology, got a sequence (hint: a topology starts with "
          "'version: 1' and 'stack: <name>')"}},
        {"reserved label",
         "version: 1\nstack: s\nglobals:\n  redis:\n    image: r\n    labels:\n      io.infractl.stack: x\n      "
         "team: data\n",
         {"t.yaml:7:7: label 'io.infractl.stack' uses the reserved prefix 'io.infractl.' (hint: infractl sets these "
          "labels itself; choose another prefix)"}},
        {"reserved label in list form",
         "version: 1\nstack: s\nglobals:\n  redis:\n    image: r\n    labels: [\"io.infractl.project=x\"]\n",
         {"t.yaml:6:14: label 'io.infractl.project' uses the reserved prefix 'io.infractl.' (hint: infractl sets "
          "these labels itself; choose another prefix)"}},
        {"volume target not absolute",
         "version: 1\nstack: s\nglobals:\n  db:\n    image: r\n    volumes: [\"pgdata:var/lib/pg\"]\n",
         {"t.yaml:6:15: volume target 'var/lib/pg' must be an absolute path (hint: use source:target[:ro], e.g. "
          "pgdata:/var/lib/postgresql/data)"}},
        {"volume bad mode and bad name",
         "version: 1\nstack: s\nglobals:\n  db:\n    image: r\n    volumes:\n      - pg:/data:rx\n      - Pg "
         "Data:/data\n      - /only\n",
         {"t.yaml:7:9: invalid volume mode 'rx' in 'pg:/data:rx' (hint: use ro or rw)",
          "t.yaml:8:9: invalid volume name 'Pg Data': use lowercase letters, digits, '-' and '_', starting and ending "
          "with a letter or digit (hint: bind mounts start with '/' or '.')",
          "t.yaml:9:9: invalid volume '/only' (hint: use source:target[:ro], e.g. pgdata:/var/lib/postgresql/data)"}},
        {"bad ports",
         "version: 1\nstack: s\nglobals:\n  web:\n    image: r\n    ports:\n      - 70000:80\n      - abc\n      - "
         "80/sctp\n      - 1.2.3:80:80\n      - 8000-8010:80\n",
         {"t.yaml:7:9: invalid port '70000' in '70000:80' (hint: ports are 1 to 65535)",
          "t.yaml:8:9: invalid port mapping 'abc' (hint: use [host_ip:]host_port:container_port[/tcp|udp], e.g. "
          "127.0.0.1:8080:80)",
          "t.yaml:9:9: invalid protocol 'sctp' in port '80/sctp' (hint: use tcp or udp)",
          "t.yaml:10:9: invalid host IP '1.2.3' in port '1.2.3:80:80' (hint: use an IPv4 or IPv6 address, e.g. "
          "127.0.0.1)",
          "t.yaml:11:9: port ranges are not supported: '8000-8010:80' (hint: list each port on its own line)"}},
        {"restart typo", "version: 1\nstack: s\nglobals:\n  web: {image: r, restart: alway}\n",
         {"t.yaml:4:28: invalid value 'alway' for 'restart' (hint: did you mean 'always'?)"}},
        {"pull_policy unknown", "version: 1\nstack: s\nglobals:\n  web: {image: r, pull_policy: sometimes}\n",
         {"t.yaml:4:32: invalid value 'sometimes' for 'pull_policy' (hint: use one of: missing, always, never)"}},
        {"depends_on condition typo",
         "version: 1\nstack: s\nglobals:\n  a: {image: r}\n  b:\n    image: r\n    depends_on:\n      a: {condition: "
         "service_healty}\n",
         {"t.yaml:8:22: invalid value 'service_healty' for 'condition' (hint: did you mean 'service_healthy'?)"}},
        {"healthcheck problems",
         "version: 1\nstack: s\nglobals:\n  a:\n    image: r\n    healthcheck:\n      test: [\"pg_isready\"]\n      "
         "interval: 5x\n      retries: -2\n",
         {"t.yaml:7:13: healthcheck test must start with 'CMD', 'CMD-SHELL' or 'NONE' (hint: e.g. [\"CMD\", "
          "\"pg_isready\"] or a string run by the shell)",
          "t.yaml:8:17: invalid duration '5x' for 'interval' (hint: use a number with ms, s, m or h, e.g. 30s or "
          "1m30s)",
          "t.yaml:9:16: retries must be 0 or more, got -2"}},
        {"boolean expected", "version: 1\nstack: s\nglobals:\n  a: {image: r, enabled: maybe}\n",
         {"t.yaml:4:26: expected true or false for 'enabled', got 'maybe'"}},
        {"command with open quote", "version: 1\nstack: s\nglobals:\n  a: {image: r, command: \"sh -c 'echo\"}\n",
         {"t.yaml:4:26: unterminated quote in 'command' (hint: close the quote, or write the command as a list)"}},
        {"env_file missing", "version: 1\nstack: s\nglobals:\n  a:\n    image: r\n    env_file: [no-such.env]\n",
         {"t.yaml:6:16: cannot read env_file 'no-such.env': No such file or directory (hint: paths are relative to "
          "{DIR})"}},
        {"environment value not a scalar", "version: 1\nstack: s\nglobals:\n  a:\n    image: r\n    environment:\n  "
                                           "    A: [1]\n",
         {"t.yaml:7:10: expected a string for 'A', got a sequence"}},
        {"services not a mapping", "version: 1\nstack: s\nprojects:\n  p:\n    services: [a, b]\n",
         {"t.yaml:5:15: expected a mapping for 'services', got a sequence"}},
        {"unknown project key", "version: 1\nstack: s\nprojects:\n  p:\n    servics: {}\n",
         {"t.yaml:5:5: unknown key 'servics' in project 'p' (hint: did you mean 'services'?)"}},
        {"many problems at once",
         "version: 1\nstack: s\nglobals:\n  a:\n    imag: r\n    replicas: -1\n  b:\n    image: r\n    ports: "
         "[\"0:80\"]\n",
         {"t.yaml:5:5: unknown key 'imag' in service 'a' (hint: did you mean 'image'?)",
          "t.yaml:6:15: replicas must be 0 or more, got -1",
          "t.yaml:9:13: invalid port '0' in '0:80' (hint: ports are 1 to 65535)"}},
    };
    std::string dir = std::filesystem::current_path().string();
    for (const auto& c : cases) {
        INFO(c.name);
        Lines expected = c.expected;
        for (auto& line : expected)
            if (auto p = line.find("{DIR}"); p != std::string::npos) line.replace(p, 5, dir);
        CHECK(test::topology_problems(c.yaml) == expected);
    }
}
