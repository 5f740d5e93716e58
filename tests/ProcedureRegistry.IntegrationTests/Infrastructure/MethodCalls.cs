using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// The methods a compiled method calls, read from its IL: every call, callvirt, newobj, ldftn and ldvirtftn operand.
/// Compiled code, not source text, so comments, strings and formatting cannot hide a call or fake one; an async
/// method's body is its state machine's MoveNext, and a lambda is the compiler-generated method it loads.
/// </summary>
public static class MethodCalls
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The methods <paramref name="method"/>'s own IL calls or loads, in order, each as often as it appears.</summary>
    public static IEnumerable<MethodBase> Of(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[unchecked((short)(0xFE00 | il[at + 1]))] : OpCodesByValue[il[at]];
            at += code.Size;
            if (code.OperandType == OperandType.InlineMethod)
            {
                yield return method.Module.ResolveMethod(BitConverter.ToInt32(il, at), typeArguments, methodArguments)!;
            }
            at += OperandSize(code.OperandType, il, at);
        }
    }

    /// <summary>The code that runs for <paramref name="method"/>: itself, and for an async method its state machine's MoveNext.</summary>
    public static IEnumerable<MethodBase> BodiesOf(MethodBase method)
    {
        yield return method;
        if (method.GetCustomAttribute<StateMachineAttribute>() is { } machine
            && machine.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
        {
            yield return moveNext;
        }
    }

    /// <summary>True when <paramref name="method"/> is declared by <paramref name="owner"/> or a type nested in it (its lambdas, its state machines).</summary>
    public static bool IsCodeOf(MethodBase method, Type owner)
    {
        for (var type = method.DeclaringType; type is not null; type = type.DeclaringType)
        {
            if ((type.IsGenericType ? type.GetGenericTypeDefinition() : type) == owner)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Every method and constructor of <paramref name="owner"/> and of the types nested in it, compiler-generated ones included.</summary>
    public static IEnumerable<MethodBase> AllCodeOf(Type owner)
    {
        const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var method in owner.GetMethods(Declared).Cast<MethodBase>().Concat(owner.GetConstructors(Declared)))
        {
            yield return method;
        }
        foreach (var nested in owner.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
        {
            foreach (var method in AllCodeOf(nested))
            {
                yield return method;
            }
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
