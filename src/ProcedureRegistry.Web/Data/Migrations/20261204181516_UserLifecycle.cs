using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UserLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deactivated_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            // The validators' "at least one clinic and one role", as a second line: a statement that removes a user's
            // last membership or role fails at commit (deferred, so an edit may remove and add in any order).
            migrationBuilder.Sql("""
                CREATE FUNCTION users_keep_a_clinic_and_a_role() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id) THEN
                        RETURN NULL; -- the user itself is gone
                    END IF;
                    IF TG_TABLE_NAME = 'clinic_memberships'
                       AND NOT EXISTS (SELECT 1 FROM clinic_memberships WHERE user_id = OLD.user_id) THEN
                        RAISE EXCEPTION 'user % would belong to no clinic: a user keeps at least one', OLD.user_id
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_users_keep_a_clinic';
                    END IF;
                    IF TG_TABLE_NAME = 'user_roles'
                       AND NOT EXISTS (SELECT 1 FROM user_roles WHERE user_id = OLD.user_id) THEN
                        RAISE EXCEPTION 'user % would have no role: a user keeps at least one', OLD.user_id
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_users_keep_a_role';
                    END IF;
                    RETURN NULL;
                END;
                $$;
                """);
            foreach (var table in new[] { "clinic_memberships", "user_roles" })
            {
                migrationBuilder.Sql($"""
                    CREATE CONSTRAINT TRIGGER {table}_keep_one AFTER DELETE OR UPDATE OF user_id ON {table}
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION users_keep_a_clinic_and_a_role();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS user_roles_keep_one ON user_roles;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS clinic_memberships_keep_one ON clinic_memberships;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS users_keep_a_clinic_and_a_role();");
            migrationBuilder.DropColumn(
                name: "deactivated_at",
                table: "users");
        }
    }
}
