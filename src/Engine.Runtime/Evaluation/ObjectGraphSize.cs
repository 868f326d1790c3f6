using System.Collections.Concurrent;
using System.Reflection;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// The managed heap bytes of everything reachable from some roots, each object counted once: the
/// structural size walk behind <see cref="CompiledPolicySet.EstimatedBytes"/>. Sizes follow the
/// 64-bit CoreCLR layout (16-byte object header, 8-byte references, fields packed and the object
/// rounded up to 8 bytes, at least 24); docs/benchmarks.md compares the walk with the GC's count.
/// </summary>
/// <remarks>
/// Reflection metadata (<see cref="MemberInfo"/>, assemblies, modules) is shared by the whole
/// process and not walked into; native memory — the machine code and IL of compiled expression
/// trees — is not on the managed heap and not counted.
/// </remarks>
internal static class ObjectGraphSize
{
    private const int HeaderBytes = 16, MinObjectBytes = 24, ArrayHeaderBytes = 24;
    private static readonly ConcurrentDictionary<Type, TypeShape> s_shapes = new();

    /// <summary>The bytes of every object reachable from the roots, each counted once.</summary>
    /// <param name="roots">Where to start.</param>
    public static long Measure(IEnumerable<object> roots)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        foreach (object root in roots)
        {
            pending.Push(root);
        }

        long bytes = 0;
        while (pending.Count > 0)
        {
            object current = pending.Pop();
            if (!seen.Add(current) || IsShared(current))
            {
                continue;
            }

            bytes += SizeOf(current);
            PushReferences(current, pending);
        }

        return bytes;
    }

    // Process-wide metadata that a set points at but does not own.
    private static bool IsShared(object value) => value is MemberInfo or Assembly or Module or ParameterInfo;

    private static long SizeOf(object value)
    {
        if (value is string text)
        {
            return Align(22 + (2L * text.Length));
        }

        if (value is Array array)
        {
            return Math.Max(MinObjectBytes, Align(ArrayHeaderBytes + ((long)array.Length * ElementBytes(array.GetType().GetElementType()!))));
        }

        return Math.Max(MinObjectBytes, Align(HeaderBytes + Shape(value.GetType()).FieldBytes));
    }

    private static void PushReferences(object value, Stack<object> pending)
    {
        if (value is string)
        {
            return;
        }

        if (value is Array array)
        {
            Type element = array.GetType().GetElementType()!;
            if (!element.IsValueType)
            {
                foreach (object? item in array)
                {
                    PushIfNotNull(item, pending);
                }
            }
            else if (Shape(element).References.Length > 0)
            {
                foreach (object? item in array)
                {
                    PushFields(item!, Shape(element), pending);
                }
            }

            return;
        }

        PushFields(value, Shape(value.GetType()), pending);
    }

    private static void PushFields(object value, TypeShape shape, Stack<object> pending)
    {
        foreach (FieldInfo field in shape.References)
        {
            object? fieldValue = field.GetValue(value);
            if (field.FieldType.IsValueType)
            {
                // A struct field holding references (ImmutableArray<T>, a record struct): its boxed
                // copy is walked for them, not counted (its bytes are in the owner's).
                if (fieldValue is not null)
                {
                    PushFields(fieldValue, Shape(field.FieldType), pending);
                }
            }
            else
            {
                PushIfNotNull(fieldValue, pending);
            }
        }
    }

    private static void PushIfNotNull(object? value, Stack<object> pending)
    {
        if (value is not null)
        {
            pending.Push(value);
        }
    }

    private static long ElementBytes(Type element) => element.IsValueType ? Shape(element).FieldBytes : IntPtr.Size;

    private static long Align(long bytes) => (bytes + 7) & ~7L;

    private static TypeShape Shape(Type type) => s_shapes.GetOrAdd(type, static t => TypeShape.Of(t));

    /// <summary>The instance fields of a type: their packed size, and those that hold references.</summary>
    private sealed record TypeShape(long FieldBytes, FieldInfo[] References)
    {
        public static TypeShape Of(Type type)
        {
            if (type.IsPrimitive || type.IsEnum || type.IsPointer)
            {
                return new TypeShape(PrimitiveBytes(type.IsEnum ? Enum.GetUnderlyingType(type) : type), []);
            }

            long bytes = 0, largest = 1;
            var references = new List<FieldInfo>();
            for (Type? t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            {
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    long size = field.FieldType.IsValueType ? Shape(field.FieldType).FieldBytes : IntPtr.Size;
                    long alignment = Math.Min(8, Math.Max(1, size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1));
                    largest = Math.Max(largest, alignment);
                    bytes = ((bytes + alignment - 1) / alignment * alignment) + size;
                    if (!field.FieldType.IsValueType || Shape(field.FieldType).References.Length > 0)
                    {
                        references.Add(field);
                    }
                }
            }

            // A struct is padded to its largest field's alignment (an empty one still takes a byte).
            if (type.IsValueType)
            {
                bytes = Math.Max(1, (bytes + largest - 1) / largest * largest);
            }

            return new TypeShape(bytes, [.. references]);
        }

        private static long PrimitiveBytes(Type type) => Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean or TypeCode.Byte or TypeCode.SByte => 1,
            TypeCode.Char or TypeCode.Int16 or TypeCode.UInt16 => 2,
            TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Single => 4,
            _ => 8,
        };
    }
}
