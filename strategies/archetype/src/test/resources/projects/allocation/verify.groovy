// The checks of the generated bundle, the same for each role (../verify-bundle.groovy, with this binding).
return evaluate(new File(basedir, '../verify-bundle.groovy'))
