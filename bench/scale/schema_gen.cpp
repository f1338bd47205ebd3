#include "bench/scale/schema_gen.h"

#include <cstdio>
#include <sstream>

namespace stepwise::bench {

namespace {

std::string parent_of(int i) {
    return table_name(i == 1 ? 1 : i - 1);
}

} // namespace

std::string table_name(int i) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "t%05d", i);
    return buffer;
}

std::string generate_schema(int tables, int touch_every) {
    std::ostringstream out;
    for (int i = 1; i <= tables; ++i) {
        std::string t = table_name(i);
        bool touched = touch_every > 0 && i % touch_every == 0;
        out << "table " << t << " {\n"
            << "  id        bigint        primary key\n"
            << "  parent_id bigint        references " << parent_of(i) << " (id)\n"
            << "  c1        int           not null default 0\n"
            << "  c2        text\n"
            << "  c3        varchar(100)\n"
            << "  c4        timestamptz   not null default now()\n"
            << "  c5        numeric(10,2)\n"
            << "  c6        bool          not null default false\n"
            << "  c7        bigint\n"
            << "  c8        jsonb\n";
        if (touched)
            out << "  c9        text\n";
        out << "  index " << t << "_c1_idx (c1)\n"
            << "  index " << t << "_c3_c4_idx (c3, c4)\n";
        if (touched)
            out << "  index " << t << "_c2_idx (c2)\n";
        out << "}\n\n";
    }
    return out.str();
}

std::string generate_postgres_ddl(int tables) {
    // Tables in order, so each foreign key's target exists; the names are the ones the DSL
    // gives by default, so the live catalog equals generate_schema(tables).
    // 500 tables per transaction: one commit per statement made building 10,000 tables take
    // minutes, and one transaction for all runs out of lock slots (max_locks_per_transaction).
    std::ostringstream out;
    out << "BEGIN;\n";
    for (int i = 1; i <= tables; ++i) {
        std::string t = table_name(i);
        if (i % 500 == 0)
            out << "COMMIT;\nBEGIN;\n";
        out << "CREATE TABLE " << t << " (\n"
            << "  id bigint PRIMARY KEY,\n"
            << "  parent_id bigint CONSTRAINT " << t << "_parent_id_fkey REFERENCES "
            << parent_of(i) << " (id),\n"
            << "  c1 integer NOT NULL DEFAULT 0,\n"
            << "  c2 text,\n"
            << "  c3 character varying(100),\n"
            << "  c4 timestamp with time zone NOT NULL DEFAULT now(),\n"
            << "  c5 numeric(10,2),\n"
            << "  c6 boolean NOT NULL DEFAULT false,\n"
            << "  c7 bigint,\n"
            << "  c8 jsonb\n"
            << ");\n"
            << "CREATE INDEX " << t << "_c1_idx ON " << t << " (c1);\n"
            << "CREATE INDEX " << t << "_c3_c4_idx ON " << t << " (c3, c4);\n";
    }
    out << "COMMIT;\n";
    return out.str();
}

} // namespace stepwise::bench
