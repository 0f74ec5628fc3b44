using System;
using System.Collections.Generic;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// A set of member names asked about for every call or property read: most names asked are not in it, and two
    /// reads from one cache line say so before the string is hashed. For each ASCII first character it keeps two words side by side
    /// (one cache line holds both): a bit per name length (63 for 63 and longer) of the names added, and a bit per
    /// pair of second and last characters. Common names that share a first letter and a length with an added one
    /// (<c>Where</c> and <c>Write</c>, <c>WhenAll</c> and <c>WaitAll</c>, <c>Report</c> and <c>Result</c>) are then
    /// ruled out without the hash, whose table is cold when other analyzers run between the calls. Names only rule
    /// members out; symbols decide. The empty name is never in it. Not thread-safe while names are added: fill it,
    /// then share it.
    /// </summary>
    internal sealed class NameSet
    {
        private readonly HashSet<string> names = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>[2c]: the lengths of the added names starting with c; [2c + 1]: their second and last characters.</summary>
        private readonly ulong[] byFirstChar = new ulong[256];
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
                byFirstChar[2 * name[0]] |= LengthBit(name);
                byFirstChar[(2 * name[0]) + 1] |= EndsBit(name);
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

            return (byFirstChar[2 * first] & LengthBit(name)) != 0
                && (byFirstChar[(2 * first) + 1] & EndsBit(name)) != 0
                && names.Contains(name);
        }

        private static ulong LengthBit(string name) => 1UL << Math.Min(name.Length, 63);

        /// <summary>A bit for the name's second and last characters (the last is the second in a name of two; none in a name of one).</summary>
        private static ulong EndsBit(string name) => name.Length < 2 ? 1UL : 1UL << (((name[1] * 31) + name[name.Length - 1]) & 63);
    }
}
