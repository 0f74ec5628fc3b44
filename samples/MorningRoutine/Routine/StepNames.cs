namespace MorningRoutine.Routine
{
    /// <summary>The steps' names as the chart shows them, numbered by the lesson's four steps.</summary>
    public static class StepNames
    {
        public const string WashFace = "1 Wash face";
        public const string IronShirt = "1 Iron shirt";
        public const string BoilKettle = "2 Boil kettle";
        public const string ToastBread = "2 Toast bread";
        public const string SliceFruit = "2 Slice fruit";
        public const string EatBreakfast = "3 Eat breakfast";
        public const string Commute = "4 Go to the office";
    }
}
