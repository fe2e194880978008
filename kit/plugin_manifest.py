#!/usr/bin/env python3
"""The plugin's manifest, derived from the root pom.xml (the one source of truth) and checked against the kit.

  plugin_manifest.py coordinates POM KIT      groupId and artifactId, on one line
  plugin_manifest.py plugins POM KIT          the main-scope plugin dependencies, one artifactId a line
  plugin_manifest.py manifest POM KIT OUT     writes OUT, the MANIFEST.MF of the .hpi and of the plugin's jar

The attributes are the ones maven-hpi-plugin writes for a plugin without bundled libraries. A dependency
without a version (the BOM manages it) takes the kit's version. A dependency that is not one of the kit's
plugins cannot be built offline and stops the build, naming it, and so does a pinned plugin version newer
than the kit's copy (the plugin would not load in the kit's Jenkins, and the POM build would
then differ from what was tested here).
"""
import getpass
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = '{http://maven.apache.org/POM/4.0.0}'


class Pom:
    def __init__(self, path):
        self.root = ET.parse(path).getroot()
        self.dir = os.path.dirname(os.path.abspath(path))
        self.props = {'scmTag': 'HEAD'}  # the plugin parent POM's default
        for p in self.root.findall(NS + 'properties/*'):
            self.props[p.tag[len(NS):]] = (p.text or '').strip()
        self.props['project.artifactId'] = self.get('artifactId')

    def expand(self, value):
        for _ in range(10):
            expanded = re.sub(r'\$\{([^}]+)\}', lambda m: self.props.get(m.group(1), m.group(0)), value)
            if expanded == value:
                return value
            value = expanded
        return value

    def get(self, path, element=None):
        node = (element if element is not None else self.root).find('/'.join(NS + p for p in path.split('/')))
        return self.expand(node.text.strip()) if node is not None and node.text else None

    def dependencies(self):
        for d in self.root.findall(NS + 'dependencies/' + NS + 'dependency'):
            yield {'groupId': self.get('groupId', d), 'artifactId': self.get('artifactId', d),
                   'version': self.get('version', d), 'scope': self.get('scope', d) or 'compile',
                   'optional': self.get('optional', d) == 'true'}


def kit_manifest(kit, name):
    for ext in ('jpi', 'hpi'):
        path = os.path.join(kit, 'plugins', name + '.' + ext)
        if os.path.isfile(path):
            with zipfile.ZipFile(path) as z:
                text = z.read('META-INF/MANIFEST.MF').decode('utf-8').replace('\r\n', '\n').replace('\n ', '')
            return dict(line.split(': ', 1) for line in text.split('\n') if ': ' in line)
    return None


def numeric(version):
    """Leading numeric parts: 1447.v4cb_b_539b_5321 -> (1447,), 5.6.2-199.vc3c0 -> (5, 6, 2, 199)."""
    parts = []
    for token in re.split(r'[.-]', version):
        if not token.isdigit():
            break
        parts.append(int(token))
    return tuple(parts)


def main_plugins(pom, kit):
    """(artifactId, version, optional) of each compile/runtime dependency; all must be kit plugins.

    A dependency without a <version> takes its version from the BOM where the Jenkins repository is reachable;
    here it takes the kit's copy, which is what the offline build compiles against and tests.
    """
    result, problems = [], []
    for d in pom.dependencies():
        if d['scope'] in ('test', 'provided'):
            continue
        kit_version = (kit_manifest(kit, d['artifactId']) or {}).get('Plugin-Version')
        if kit_version is None:
            problems.append('%s:%s is not a plugin of the kit; the offline build bundles no libraries'
                            % (d['groupId'], d['artifactId']))
        elif d['version'] is None:
            result.append((d['artifactId'], kit_version, d['optional']))
        elif numeric(d['version']) > numeric(kit_version):
            problems.append('%s %s is newer than the kit\'s %s' % (d['artifactId'], d['version'], kit_version))
        else:
            result.append((d['artifactId'], d['version'], d['optional']))
    for d in pom.dependencies():  # test plugins must load in the kit too
        kit_version = (kit_manifest(kit, d['artifactId']) or {}).get('Plugin-Version')
        if d['scope'] == 'test' and kit_version and d['version'] and numeric(d['version']) > numeric(kit_version):
            problems.append('%s %s is newer than the kit\'s %s' % (d['artifactId'], d['version'], kit_version))
    if problems:
        sys.exit('pom.xml: ' + '; '.join(problems))
    return result


def kit_core_version(kit):
    with zipfile.ZipFile(os.path.join(kit, 'jenkins.war')) as z:
        for name in z.namelist():
            m = re.fullmatch(r'WEB-INF/lib/jenkins-core-(.+)\.jar', name)
            if m:
                return m.group(1)
    sys.exit('no jenkins-core in ' + kit)


def git_head(directory):
    try:
        out = subprocess.run(['git', '-C', directory, 'rev-parse', 'HEAD'], capture_output=True, text=True)
        return out.stdout.strip() or None
    except OSError:
        return None


def attributes(pom, kit):
    jenkins_version = pom.props.get('jenkins.version')
    jenkins_version = pom.expand(jenkins_version) if jenkins_version else None
    core = kit_core_version(kit)
    if jenkins_version is None or numeric(jenkins_version) > numeric(core):
        sys.exit('pom.xml: jenkins.version %s is missing or newer than the kit\'s core %s' % (jenkins_version, core))
    version = pom.get('version')
    head = git_head(pom.dir)
    plugin_version = version
    if version.endswith('-SNAPSHOT'):  # as maven-hpi-plugin marks a private build
        plugin_version += ' (private-%s-%s)' % (head[:8] if head else 'nogit', getpass.getuser())
    name = pom.get('name') or pom.get('artifactId')
    attrs = [('Manifest-Version', '1.0'), ('Created-By', 'kit/build-hpi'), ('Build-Jdk-Spec', '17'),
             ('Specification-Title', name), ('Implementation-Title', name), ('Implementation-Version', version),
             ('Group-Id', pom.get('groupId')), ('Artifact-Id', pom.get('artifactId')),
             ('Short-Name', pom.get('artifactId')), ('Long-Name', name)]
    if pom.get('url'):
        attrs.append(('Url', pom.get('url')))
    attrs += [('Plugin-Version', plugin_version), ('Hudson-Version', jenkins_version),
              ('Jenkins-Version', jenkins_version), ('Minimum-Java-Version', '17')]
    deps = main_plugins(pom, kit)
    if deps:
        attrs.append(('Plugin-Dependencies', ','.join(
            '%s:%s%s' % (a, v, ';resolution:=optional' if o else '') for a, v, o in deps)))
    attrs.append(('Plugin-Developers', ''))
    licence = pom.root.find(NS + 'licenses/' + NS + 'license')
    if licence is not None:
        attrs += [('Plugin-License-Name', pom.get('name', licence)), ('Plugin-License-Url', pom.get('url', licence))]
    for tag, key in (('connection', 'Plugin-ScmConnection'), ('tag', 'Plugin-ScmTag'), ('url', 'Plugin-ScmUrl')):
        value = pom.get('scm/' + tag)
        if value:
            attrs.append((key, value))
    if head:
        attrs.append(('Implementation-Build', head))
    return attrs


def write_manifest(path, attrs):
    """72-byte lines with continuation lines, as java.util.jar writes them."""
    out = []
    for key, value in attrs:
        line = (key + ': ' + value).encode('utf-8')
        first = True
        while first or line:
            width = 72 if first else 71
            cut = min(width, len(line))
            while cut < len(line) and (line[cut] & 0xC0) == 0x80:  # never split a UTF-8 sequence
                cut -= 1
            out.append((b'' if first else b' ') + line[:cut])
            line, first = line[cut:], False
    with open(path, 'wb') as f:
        f.write(b'\r\n'.join(out) + b'\r\n\r\n')


if __name__ == '__main__':
    command, pom_path, kit = sys.argv[1], sys.argv[2], sys.argv[3]
    pom = Pom(pom_path)
    if command == 'coordinates':
        print(pom.get('groupId'), pom.get('artifactId'))
    elif command == 'plugins':
        print('\n'.join(a for a, _, _ in main_plugins(pom, kit)))
    elif command == 'manifest':
        write_manifest(sys.argv[4], attributes(pom, kit))
    else:
        sys.exit('unknown command ' + command)
