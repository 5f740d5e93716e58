using System.Reflection;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>
/// The house rules of the architecture (docs/architecture.md), read from the compiled assemblies by reflection:
/// a pure Domain, handlers that only MediatR reaches, and controllers that reach the data through handlers only, send
/// one request per action and answer its result through <see cref="ResultMapping"/>.
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

    [Fact]
    public void Every_controller_action_sends_at_most_one_request()
    {
        var actions = Controllers().SelectMany(c => Actions(c).Select(a => (Controller: c, Action: a))).ToList();

        Assert.True(actions.Count > 60, $"{actions.Count} actions found");
        var senders = actions.Select(a => (a.Controller, a.Action, Sends: Sends(a.Action, a.Controller, []))).ToList();
        Assert.True(senders.Count(a => a.Sends == 1) > 50, "the IL reader finds the requests the actions send");
        var twice = senders.Where(a => a.Sends > 1)
            .Select(a => $"{a.Controller.Name}.{a.Action.Name}({string.Join(", ", a.Action.GetParameters().Select(p => p.ParameterType.Name))}) sends {a.Sends} requests")
            .ToList();

        // A page that a refused command shows again comes back in the command's result (Result<TPage>.Refused) or with
        // its form (IFormPage), never from a second request.
        Assert.True(twice.Count == 0, string.Join("\n", twice));
    }

    [Fact]
    public void No_controller_reads_a_results_outcome_or_status_itself()
    {
        var found = (
            from controller in Controllers()
            from method in MethodCalls.AllCodeOf(controller)
            from call in MethodCalls.Of(method)
            where IsOutcomeSwitch(call)
            select $"{controller.Name}: {Readable(method)} calls {call.DeclaringType!.Name}.{call.Name}").Distinct().ToList();

        // The status of a failure, and whether it is about the record, are ResultMapping's to decide: ShowPage,
        // WhenSucceeded, RefusedForm, RefusedPage, FormWithErrors, OutcomePage.
        Assert.True(found.Count == 0, string.Join("\n", found));

        static bool IsOutcomeSwitch(MethodBase call) =>
            (typeof(Result).IsAssignableFrom(call.DeclaringType) && call.Name == "get_" + nameof(Result.Outcome))
            || (call.DeclaringType == typeof(ResultMapping) && call.Name is nameof(ResultMapping.StatusCode) or nameof(ResultMapping.IsAboutTheRecord))
            || (call.DeclaringType == typeof(ControllerBase) && call.Name == nameof(ControllerBase.StatusCode));
    }

    private static List<Type> Controllers() =>
        [.. Web.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ControllerBase).IsAssignableFrom(t))];

    private static IEnumerable<MethodInfo> Actions(Type controller) =>
        controller.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !m.IsDefined(typeof(NonActionAttribute)));

    /// <summary>How many requests <paramref name="method"/> sends: its own calls to IMediator.Send, and those of the controller's code it calls, each call site counted.</summary>
    private static int Sends(MethodBase method, Type controller, HashSet<MethodBase> calling)
    {
        if (!calling.Add(method))
        {
            return 0;
        }
        var sends = 0;
        foreach (var call in MethodCalls.BodiesOf(method).SelectMany(MethodCalls.Of))
        {
            if (call.DeclaringType == typeof(IMediator) && call.Name == nameof(IMediator.Send))
            {
                sends++;
            }
            else if (MethodCalls.IsCodeOf(call, controller) && call is not ConstructorInfo)
            {
                sends += Sends(call, controller, calling);
            }
        }
        calling.Remove(method);
        return sends;
    }

    /// <summary>The method the code was written in: "Answer" for the action, its async state machine and its lambdas alike.</summary>
    private static string Readable(MethodBase method)
    {
        var name = method.Name.StartsWith('<') ? method.Name : method.DeclaringType?.Name ?? method.Name;
        return name.StartsWith('<') && name.IndexOf('>') > 1 ? name[1..name.IndexOf('>')] : method.Name;
    }
}
