#!/usr/bin/env python3
# Writes a Swift mirror (ProtoCodable struct, one file per message) for each message of a .proto file.
# Usage: proto/gen-mirrors.py proto/<service>.proto Shared/Contracts/<Service>
# Scalars map to Swift types, repeated fields to arrays, messages and single-member oneofs to optionals.
import re,sys
src=open(sys.argv[1]).read()
pkg=re.search(r'^package (\w+);',src,re.M).group(1)
out=sys.argv[2]
lines=src.split('\n')
i=0
comments=[]
def camel(n):
    p=n.split('_'); return p[0]+''.join(x[:1].upper()+x[1:] for x in p[1:])
types={'double':('Double','0'),'float':('Float','0'),'string':('String','""'),'int32':('Int32','0'),'int64':('Int64','0'),'bool':('Bool','false'),'bytes':('Data','Data()'),'uint32':('UInt32','0')}
while i<len(lines):
    l=lines[i].strip()
    if l.startswith('//'):
        comments.append(l[2:].strip()); i+=1; continue
    m=re.match(r'message (\w+) \{(\})?',l)
    if m:
        name=m.group(1); fields=[]
        if not m.group(2):
            i+=1
            fc=[]
            in_oneof=False
            while lines[i].strip()!='}' or in_oneof:
                fl=lines[i].strip()
                if fl.startswith('//'): fc.append(fl[2:].strip())
                elif fl.startswith('oneof '): in_oneof=True
                elif fl=='}': in_oneof=False
                else:
                    fm=re.match(r'(repeated )?(\w+) (\w+) = \d+;',fl)
                    if fm: fields.append((bool(fm.group(1)),fm.group(2),fm.group(3),' '.join(fc),in_oneof)); fc=[]
                i+=1
        doc=' '.join(comments) if comments else name
        doc=doc.rstrip('.')
        props=[];inits=[];assigns=[]
        needs_data=False
        for rep,t,n,c,opt in fields:
            sw,dflt=types.get(t,(t,None))
            if t=='bytes': needs_data=True
            if rep: sw='['+sw+']'; dflt='[]'
            elif dflt is None or opt: sw=sw+'?'; dflt='nil'
            cn=camel(n)
            props.append((f'    /// {c}\n' if c else '')+f'    public var {cn}: {sw}')
            inits.append(f'{cn}: {sw} = {dflt}')
            assigns.append(f'        self.{cn} = {cn}')
        imp='import Foundation\nimport ProtoBridge\n' if needs_data else 'import ProtoBridge\n'
        body=f'''{imp}
/// {doc} (proto `{pkg}.{name}`).
public struct {name}: ProtoCodable, Equatable {{
    public static let protoName = "{pkg}.{name}"
'''
        body+=''.join(p+'\n' for p in props)
        if inits:
            sep=',\n'+' '*(16+len('public init('))
            body+=f'''
    public init({(","+chr(10)+" "*16).join(inits)}) {{
{chr(10).join(assigns)}
    }}
}}
'''
        else:
            body+='\n    public init() {}\n}\n'
        open(f'{out}/{name}.swift','w').write(body)
        comments=[]
    elif l=='' : comments=[]
    i+=1
