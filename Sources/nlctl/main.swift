print("nlctl: under construction")
