// The generated jar is a bundle the hub can deploy: besides the JDK's java.* packages it imports only io.gridhub.api
// packages (with ranges whose ceiling is the next major version), embeds nothing but its own package, and declares
// one DS component that offers the role's interface and Strategy. Each role's verify.groovy runs it.
import java.util.jar.JarFile

def props = new Properties()
new File(basedir, 'archetype.properties').withInputStream { props.load(it) }
def roleInterface = [forecast: 'forecast.Forecaster', dispatch: 'dispatch.Dispatcher', allocation: 'allocation.Allocator']
def project = new File(basedir, 'project/' + props.artifactId)
def jars = new File(project, 'target').listFiles().findAll { it.name.endsWith('.jar') }
assert jars.size() == 1 : "one jar in target/, found ${jars}"
def jar = new JarFile(jars[0])
def main = jar.manifest.mainAttributes
assert main.getValue('Bundle-SymbolicName') == props.groupId + '.' + props.artifactId
def imports = main.getValue('Import-Package').split(/,(?=[a-z])/)*.trim().findAll { !it.startsWith('java.') }
imports.each {
    def m = it =~ /^io\.gridhub\.api\.[a-z.]+;version="\[(\d+)\.\d+,(\d+)\)"$/
    assert m.matches() : "imports ${it}: only io.gridhub.api packages, with a version range"
    assert (m.group(2) as int) == (m.group(1) as int) + 1 : "range of ${it}: up to the next major version"
}
def entries = jar.entries().toList()*.name
def components = entries.findAll { it.startsWith('OSGI-INF/') && it.endsWith('.xml') }
assert components.size() == 1 : "one DS component, found ${components}"
def xml = jar.getInputStream(jar.getEntry(components[0])).text
assert xml.contains('io.gridhub.api.strategy.Strategy') && xml.contains('io.gridhub.api.' + roleInterface[props.role])
def packagePath = props['package'].replace('.', '/') + '/'
def classes = entries.findAll { it.endsWith('.class') }
assert classes && classes.every { it.startsWith(packagePath) } : "embeds ${classes}"
jar.close()
return true
