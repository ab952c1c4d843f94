print("nldecode")
