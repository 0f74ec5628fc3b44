using System;
using System.Collections.Generic;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// A set of member names asked about for every call or property read: most names asked are not in it, and two
    /// array reads say so before the string is hashed. For each ASCII first character it keeps a bit per name length
    /// (63 for 63 and longer) of the names added. Names only rule members out; symbols decide.
    /// The empty name is never in it. Not thread-safe while names are added: fill it, then share it.
    /// </summary>
    internal sealed class NameSet
    {
        private readonly HashSet<string> names = new HashSet<string>(StringComparer.Ordinal);
        private readonly ulong[] lengthsByFirstChar = new ulong[128];
        private bool nonAsciiNames;

        public NameSet()
        {
        }

        public NameSet(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                Add(name);
            }
        }

        public void Add(string name)
        {
            if (name.Length == 0 || !names.Add(name))
            {
                return;
            }

            if (name[0] >= 128)
            {
                nonAsciiNames = true;
            }
            else
            {
                lengthsByFirstChar[name[0]] |= LengthBit(name);
            }
        }

        /// <summary>True when <paramref name="name"/> was added.</summary>
        public bool Contains(string name)
        {
            if (name.Length == 0)
            {
                return false;
            }

            var first = name[0];
            if (first >= 128)
            {
                return nonAsciiNames && names.Contains(name);
            }

            return (lengthsByFirstChar[first] & LengthBit(name)) != 0 && names.Contains(name);
        }

        private static ulong LengthBit(string name) => 1UL << Math.Min(name.Length, 63);
    }
}
