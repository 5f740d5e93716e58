using System.Reflection;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>
/// The house rules of the architecture (docs/architecture.md), read from the compiled assemblies by reflection:
/// a pure Domain, handlers that only MediatR reaches, and controllers that reach the data through handlers only.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(Roles).Assembly;
    private static readonly Assembly Web = typeof(RegistryDbContext).Assembly;

    [Fact]
    public void The_domain_references_nothing_but_the_framework()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(
            name is "System" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal),
            $"the Domain references {name}"));
        Assert.DoesNotContain(references, name =>
            name.StartsWith("ProcedureRegistry.", StringComparison.Ordinal) || name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("Npgsql", StringComparison.Ordinal)
            || name.StartsWith("MediatR", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_request_handler_is_internal_and_sealed()
    {
        var handlers = Web.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(IsRequestHandler))
            .ToList();

        Assert.True(handlers.Count > 30, $"{handlers.Count} handlers found");
        Assert.All(handlers, handler =>
        {
            Assert.False(handler.IsPublic || handler.IsNestedPublic, $"{handler.FullName} is public");
            Assert.True(handler.IsSealed, $"{handler.FullName} is not sealed");
        });

        static bool IsRequestHandler(Type i) => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>);
    }

    [Fact]
    public void No_controller_touches_the_database_context()
    {
        const BindingFlags Members = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var controllers = Web.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ControllerBase).IsAssignableFrom(t)).ToList();

        Assert.True(controllers.Count > 10, $"{controllers.Count} controllers found");
        var touches = (
            from controller in controllers
            from type in Ancestry(controller)
            from use in type.GetConstructors(Members).SelectMany(c => c.GetParameters()).Select(p => ($"constructor parameter {p.Name}", p.ParameterType))
                .Concat(type.GetFields(Members).Select(f => ($"field {f.Name}", f.FieldType)))
                .Concat(type.GetProperties(Members).Select(p => ($"property {p.Name}", p.PropertyType)))
                .Concat(type.GetMethods(Members).Where(m => !m.IsSpecialName)
                    .SelectMany(m => m.GetParameters().Select(p => ($"parameter {p.Name} of {m.Name}", p.ParameterType))))
            where typeof(DbContext).IsAssignableFrom(use.Item2)
            select $"{controller.Name}: {use.Item1} ({use.Item2.Name})").Distinct().ToList();

        Assert.Empty(touches);

        // The controller and the base classes it declares in this app (ControllerBase and Controller are the framework's).
        static IEnumerable<Type> Ancestry(Type controller)
        {
            for (var type = controller; type is not null && type.Assembly == Web; type = type.BaseType)
            {
                yield return type;
            }
        }
    }
}
