using FluentValidation;
using MediatR;
using ProcedureRegistry.Web.Infrastructure.Auditing;

namespace ProcedureRegistry.Web.Infrastructure.Mediation;

/// <summary>
/// MediatR 5.1.0 has no DI extension package on our registry, so we register it here:
/// the service factory, the mediator, every handler and form page (<see cref="IFormPage{TForm}"/>) of this assembly
/// and the behaviours in pipeline order.
/// </summary>
public static class MediationRegistration
{
    public static IServiceCollection AddMediation(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddScoped<Web.RejectedInput>();

        var assembly = typeof(MediationRegistration).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var service in type.GetInterfaces().Where(i => i.IsGenericType
                         && (i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>) || i.GetGenericTypeDefinition() == typeof(IFormPage<>))))
            {
                services.AddScoped(service, type);
            }
        }

        // Outermost first: a refused form's page is read after the transaction, which wraps the audit row, which wraps
        // validation, which wraps the translation of database-rule violations around the handler.
        services.AddScoped<PatientReadsOfRequest>();
        services.AddScoped<AfterCommit>();
        services.AddScoped(typeof(InputErrors<>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(FormPageBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuditBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(DatabaseRuleBehavior<,>));

        // Singletons: validators are stateless, and building their rules (compiled expressions) costs more than a request.
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}
