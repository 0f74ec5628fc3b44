using ConcurrencyAnalyzers.Infrastructure;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Infrastructure
{
    /// <summary>NameSet answers exactly "was this name added?", whatever its quick first look rules out.</summary>
    public sealed class NameSetTests
    {
        [Fact]
        public void AddedNames_AreFound_AndOnlyThey()
        {
            var longName = new string('L', 70);
            var set = new NameSet(new[] { "Wait", "WaitAll", "GetResult", "Écrire", longName });

            Assert.True(set.Contains("Wait"));
            Assert.True(set.Contains("WaitAll"));
            Assert.True(set.Contains("GetResult"));
            Assert.True(set.Contains("Écrire"));
            Assert.True(set.Contains(longName));

            // Same first character and length as an added name, but another name: the look past the quick test decides.
            Assert.False(set.Contains("Walk"));
            Assert.False(set.Contains("WaitAny"));
            Assert.False(set.Contains("Érrire"));
            Assert.False(set.Contains(new string('L', 64)));

            // Same first, second and last characters and length as an added name: only the hash set can tell.
            Assert.False(set.Contains("Wamt"));
            Assert.False(set.Contains("WaitXll"));
            Assert.False(set.Contains("GetXesult"));

            // Same first character and length, another second or last character (ruled out before the hash).
            Assert.False(set.Contains("Wxit"));
            Assert.False(set.Contains("WhenAll"));
            Assert.False(set.Contains("Waiu"));

            // Ruled out by the quick test: a first character or a length no added name has.
            Assert.False(set.Contains("Sleep"));
            Assert.False(set.Contains("Wai"));
            Assert.False(set.Contains("Ünder"));
            Assert.False(set.Contains(string.Empty));
        }

        [Fact]
        public void EmptyName_IsNeverAdded()
        {
            var set = new NameSet();
            set.Add(string.Empty);
            set.Add("Read");
            set.Add("X");
            Assert.False(set.Contains(string.Empty));
            Assert.True(set.Contains("Read"));
            Assert.True(set.Contains("X"));
            Assert.False(set.Contains("Y"));
            Assert.False(set.Contains("read"));
        }
    }
}
